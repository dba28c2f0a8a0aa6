import { once } from 'node:events';
import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy to a real Postgres or Redis that a test can cut and restore, to simulate the
 * dependency going away and coming back without touching the shared server.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private paused = false;
  private held: [Socket, Buffer][] = [];
  private lateCommand?: { pattern: RegExp; nth: number; delayMs: number };
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(port = this.port): Promise<this> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, this.targetHost);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      this.forward(client, upstream, this.lateCommand && this.delayer(this.lateCommand));
      this.forward(upstream, client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  /** Refuses new connections and severs the open ones, as a crashed server would. */
  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  /** Listens again on the same port. */
  restore(): Promise<this> {
    return this.start(this.port);
  }

  /** Holds every byte in both directions, connections left open: a server that hangs. */
  pause(): void {
    this.paused = true;
  }

  /** Delivers what was held, in order, and forwards again. */
  resume(): void {
    this.paused = false;
    for (const [to, chunk] of this.held.splice(0)) if (!to.destroyed) to.write(chunk);
  }

  /**
   * On each connection opened from now on, passes the client's `nth` chunk that matches
   * `pattern` on `delayMs` late, and what follows it behind it: a server slow to answer one
   * command (Redis's `INFO`, say) while it answers the others.
   */
  answerLate(pattern: RegExp, nth: number, delayMs: number): this {
    this.lateCommand = { pattern, nth, delayMs };
    return this;
  }

  private delayer({ pattern, nth, delayMs }: { pattern: RegExp; nth: number; delayMs: number }) {
    let seen = 0;
    let holding = Promise.resolve();
    return (chunk: Buffer, write: () => void) => {
      if (pattern.test(chunk.toString('latin1')) && ++seen === nth) {
        holding = new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      void holding.then(write);
    };
  }

  private forward(
    from: Socket,
    to: Socket,
    delay?: (chunk: Buffer, write: () => void) => void,
  ): void {
    from.on('data', (chunk: Buffer) => {
      const write = () => {
        if (this.paused) this.held.push([to, chunk]);
        else if (!to.destroyed) to.write(chunk);
      };
      if (delay) delay(chunk, write);
      else write();
    });
  }
}
