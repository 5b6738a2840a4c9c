/** Where the fixture made by scripts/reference/make-import-fixture.sh lives. */
import { join } from 'node:path';

export const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'reference-checkpoint');
