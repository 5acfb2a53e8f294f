import { loadConfigOrExit } from '../../config';
import { openDatabase } from '../../db/client';
import { verifyAuditChain } from './audit.service';

const config = loadConfigOrExit();
const database = await openDatabase(config);
const result = await verifyAuditChain(database.db);
await database.close();
if (result.ok) {
  console.log(`Audit chain intact: ${result.checked} events checked.`);
} else {
  console.error(
    `Audit chain BROKEN in org ${result.orgId} at seq ${result.firstBrokenSeq} (${result.checked} events before it are intact).`,
  );
  process.exit(1);
}
