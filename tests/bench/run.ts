import { benchAuth } from './auth.bench';
import { benchBoardQuery } from './board-query.bench';
import { benchColdStart } from './cold-start.bench';
import { benchCollaboration } from './collaboration.bench';
import { benchConversation } from './conversation.bench';
import { benchImport } from './import.bench';
import { benchImportMillion } from './import-million.bench';
import { benchInboundRouting } from './inbound-routing.bench';
import { benchIspa } from './ispa.bench';
import { benchList } from './list.bench';
import { benchOutbox } from './outbox.bench';
import { benchRelay } from './relay.bench';
import { benchSources } from './sources.bench';

/** `npm run bench`: every benchmark, one `bench: <name> = <value> <unit>` line per figure. */
benchBoardQuery();
benchImport();
await benchImportMillion();
benchList();
await benchColdStart();
await benchRelay();
await benchCollaboration();
await benchConversation();
await benchOutbox();
await benchIspa();
await benchInboundRouting();
await benchSources();
await benchAuth();
