import { loadConfigOrExit } from '../config';
import { openDatabase } from './client';

const config = loadConfigOrExit();
const database = await openDatabase(config);
await database.migrate();
await database.close();
console.log(`Migrations applied (${database.kind}).`);
