import { createInterface, type Interface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import type { CliText } from '../../i18n/cli/index.js';

type SetupText = CliText['setup'];

/** The user's answers ran out (stdin closed, Ctrl+D) or the user pressed Ctrl+C. */
export class EndOfInput extends Error {
  constructor(readonly interrupted: boolean) {
    super(interrupted ? 'interrupted' : 'end of input');
  }
}

/**
 * Questions and answers over stdin/stdout. Lines are queued as they arrive, so answers piped in
 * ahead of time are kept for the questions that follow (readline's question() would drop lines
 * that arrive while the wizard waits for the server). In a terminal, secrets are read without echo.
 */
export class Terminal {
  readonly tty: boolean;
  private readonly rl: Interface;
  private readonly lines: string[] = [];
  private waiting: ((line: string | null) => void) | undefined;
  private ended: EndOfInput | undefined;
  private muted = false;

  constructor(
    input: NodeJS.ReadStream = process.stdin,
    private readonly output: NodeJS.WriteStream = process.stdout,
  ) {
    this.tty = Boolean(input.isTTY && output.isTTY);
    const echo = new Writable({
      write: (chunk: Buffer | string, _encoding, done) => {
        if (!this.muted) output.write(chunk);
        done();
      },
    });
    this.rl = createInterface({
      input,
      output: this.tty ? echo : undefined,
      terminal: this.tty,
      historySize: 0,
    });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = undefined;
        resolve(line);
      } else {
        this.lines.push(line);
      }
    });
    const end = (interrupted: boolean) => {
      this.ended ??= new EndOfInput(interrupted);
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve?.(null);
    };
    this.rl.on('close', () => end(false));
    this.rl.on('SIGINT', () => {
      end(true);
      this.rl.close();
    });
  }

  say(text = ''): void {
    this.output.write(`${text}\n`);
  }

  private next(): Promise<string | null> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => (this.waiting = resolve));
  }

  /** Asks one question; an empty answer takes the default. Throws EndOfInput when the input ends. */
  async ask(label: string, options: { default?: string; secret?: boolean } = {}): Promise<string> {
    const prompt = `${label}${options.default ? ` [${options.default}]` : ''}: `;
    if (this.tty) {
      this.rl.setPrompt(prompt);
      this.rl.prompt();
      this.muted = Boolean(options.secret);
    } else {
      this.output.write(prompt);
    }
    const line = await this.next();
    const trimmed = line === null || options.secret ? line : line.trim();
    const answer = trimmed === '' && options.default ? options.default : trimmed;
    if (this.muted) {
      this.muted = false;
      this.output.write('\n');
    } else if (!this.tty) {
      // Piped answers are echoed by nobody: show them (never a secret), so the transcript reads as a dialogue.
      this.output.write(`${answer === null ? '' : options.secret ? '*'.repeat(Math.min(answer.length, 8)) : answer}\n`);
    }
    if (answer === null) throw this.ended ?? new EndOfInput(false);
    return answer;
  }

  /** A numbered list; returns the index of the chosen item. */
  async choose(title: string, items: string[], text: Pick<SetupText, 'choose' | 'badChoice'>): Promise<number> {
    if (title) this.say(title);
    items.forEach((item, i) => this.say(`  ${i + 1}) ${item}`));
    for (;;) {
      const answer = await this.ask(text.choose(items.length));
      const n = Number(answer);
      if (Number.isInteger(n) && n >= 1 && n <= items.length) return n - 1;
      this.say(text.badChoice(items.length));
    }
  }

  close(): void {
    this.rl.close();
  }
}
