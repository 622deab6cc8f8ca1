// Loaded with --import into a benchmarked step: records its peak memory (max RSS, KiB) on exit.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
