import { Presets, SingleBar } from 'cli-progress';

/** Where the runner reports progress; a bar on a terminal, lines otherwise, nothing with --quiet. */
export interface Progress {
  start(partitions: number, digests: number): void;
  digestRead(): void;
  logFileRead(): void;
  partitionDone(label: string, digests: number, logFiles: number, findings: number): void;
  stop(): void;
}

/** A progress bar over digests on a TTY (stderr), with partitions, log files and findings beside it. */
export class BarProgress implements Progress {
  private readonly bar: SingleBar;
  private partitions = 0;
  private partitionsDone = 0;
  private logFiles = 0;
  private findings = 0;

  public constructor(stream: NodeJS.WriteStream) {
    this.bar = new SingleBar({
      stream,
      format: 'digests {bar} {value}/{total} | partitions {pdone}/{ptotal} | log files {logs} | findings {findings} | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 200,
    }, Presets.shades_classic);
  }

  public start(partitions: number, digests: number): void {
    this.partitions = partitions;
    this.bar.start(digests, 0, this.payload());
  }

  public digestRead(): void {
    this.bar.increment(1, this.payload());
  }

  public logFileRead(): void {
    this.logFiles++;
    if (this.logFiles % 64 === 0) this.bar.update(this.payload());
  }

  public partitionDone(_label: string, _digests: number, _logFiles: number, findings: number): void {
    this.partitionsDone++;
    this.findings += findings;
    this.bar.update(this.payload());
  }

  public stop(): void {
    this.bar.update(this.payload());
    this.bar.stop();
  }

  private payload(): Record<string, number> {
    return { pdone: this.partitionsDone, ptotal: this.partitions, logs: this.logFiles, findings: this.findings };
  }
}

/** One line per partition finished, for logs and CI (no cursor movement). */
export class LineProgress implements Progress {
  private partitions = 0;
  private done = 0;

  public constructor(private readonly write: (line: string) => void) {}

  public start(partitions: number, digests: number): void {
    this.partitions = partitions;
    this.write(`validating ${digests} digest(s) in ${partitions} partition(s)\n`);
  }

  public digestRead(): void {}
  public logFileRead(): void {}

  public partitionDone(label: string, digests: number, logFiles: number, findings: number): void {
    this.done++;
    this.write(`[${this.done}/${this.partitions}] ${label}: ${digests} digest(s), ${logFiles} log file(s), ${findings} finding(s)\n`);
  }

  public stop(): void {}
}

/** No output. */
export class NoProgress implements Progress {
  public start(): void {}
  public digestRead(): void {}
  public logFileRead(): void {}
  public partitionDone(): void {}
  public stop(): void {}
}
