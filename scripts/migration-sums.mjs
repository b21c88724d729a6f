// Records the checksum of every migration: the kiosk's in
// test/electron/services/storage/migrations.sums.json, the back office's in
// test/back-office/server/db/migrations.sums.json. Run it once when you ADD a migration; a changed
// checksum of a shipped one is a test failure.
import crypto from 'node:crypto';
import fs from 'node:fs';

const SETS = [
  {
    dir: 'electron/services/storage/migrations',
    file: 'test/electron/services/storage/migrations.sums.json',
  },
  {
    dir: 'back-office/server/db/migrations',
    file: 'test/back-office/server/db/migrations.sums.json',
  },
];
for (const { dir, file } of SETS) {
  const recorded = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}_.+\.ts$/.test(f))
    .sort()) {
    if (recorded[name]) continue;
    recorded[name] = crypto
      .createHash('sha256')
      .update(fs.readFileSync(`${dir}/${name}`))
      .digest('hex');
    console.log(`recorded ${dir}/${name}`);
  }
  fs.writeFileSync(file, JSON.stringify(recorded, null, 2) + '\n');
}
