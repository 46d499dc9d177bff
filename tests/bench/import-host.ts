import { DEALERSHIP } from '../support/desktop';
import { startDesktop } from '../support/desktop';

/**
 * The desktop core in the headless host, alone in its process, for the 1,000,000-row import
 * benchmark: its RSS is the host's own. Prints its page's URL once it listens; stops on SIGTERM.
 */
const desktop = await startDesktop({ dataFile: process.argv[2]!, sample: false });
desktop.core.context.inboxes.upsert({ id: 'bench', name: 'Werkplaats', kind: 'workshop' });
process.stdout.write(`host: ${desktop.host.url} ${DEALERSHIP.zone}\n`);
process.on('SIGTERM', () => {
  void desktop.stop().then(() => process.exit(0));
});
