import { benchBoardQuery } from './board-query.bench';
import { benchColdStart } from './cold-start.bench';
import { benchImport } from './import.bench';

/** `npm run bench`: every benchmark, one `bench: <name> = <value> <unit>` line per figure. */
benchBoardQuery();
benchImport();
await benchColdStart();
