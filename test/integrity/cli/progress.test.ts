import { PassThrough } from 'stream';
import { BarProgress, LineProgress } from '../../../src/integrity/cli/progress';

describe('progress', () => {
  test('not a terminal: one plain line to start and one per partition, nothing per object', () => {
    const lines: string[] = [];
    const progress = new LineProgress((line) => lines.push(line));
    progress.start(2, 48);
    progress.digestRead();
    progress.logFileRead();
    progress.partitionDone('111122223333 us-east-1 org-trail standard', 24, 48, 0);
    progress.partitionDone('111122223333 eu-west-1 org-trail standard', 24, 47, 1);
    progress.stop();
    expect(lines).toEqual([
      'validating 48 digest(s) in 2 partition(s)\n',
      '[1/2] 111122223333 us-east-1 org-trail standard: 24 digest(s), 48 log file(s), 0 finding(s)\n',
      '[2/2] 111122223333 eu-west-1 org-trail standard: 24 digest(s), 47 log file(s), 1 finding(s)\n',
    ]);
  });

  test('a terminal: a bar over digests with partitions, log files and findings beside it', () => {
    const tty = { isTTY: true, columns: 200, cursorTo: () => true, clearLine: () => true, moveCursor: () => true };
    const stream = Object.assign(new PassThrough(), tty);
    let output = '';
    stream.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const progress = new BarProgress(stream as unknown as NodeJS.WriteStream);
    progress.start(1, 2);
    progress.digestRead();
    progress.digestRead();
    for (let i = 0; i < 64; i++) progress.logFileRead();
    progress.partitionDone('p', 2, 64, 3);
    progress.stop();
    expect(output).toMatch(/digests .* 2\/2 \| partitions 1\/1 \| log files 64 \| findings 3/);
  });
});
