import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { GraphQLError, getOperationAST, OperationTypeNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import {
  CloseCode,
  GRAPHQL_TRANSPORT_WS_PROTOCOL,
  MessageType,
  parseMessage,
  stringifyMessage,
  type Message,
  type SubscribePayload,
} from 'graphql-ws';
import { WebSocket } from 'ws';

type Operation = ExecutionResult | AsyncIterableIterator<ExecutionResult>;

/** Who is at the other end of a socket, as its upgrade request said. */
export interface SocketClient {
  acceptLanguage: string | undefined;
  address: string;
}

/** What the server does at each step of graphql-ws's protocol; `connection` is the socket's. */
export interface ProtocolHooks {
  /** Read once from the upgrade request, which is then let go: a live socket would hold it, headers and all (~1.2 KiB). */
  clientOf(request: IncomingMessage): SocketClient;
  /** Whether the socket is let in, once its `connection_init` has come. */
  onConnect(connection: Connection): Promise<boolean>;
  /** The operation to run, or the errors that refuse it. */
  onSubscribe(
    connection: Connection,
    id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]>;
  execute(args: ExecutionArgs): Promise<Operation>;
  subscribe(args: ExecutionArgs): Promise<Operation>;
  /** Each operation ends once, however it ends. */
  onEnd(connection: Connection, id: string): void;
  connectionInitWaitTimeout: number;
}

/**
 * Below this many unsent bytes a message is handed to the socket and the next one is taken at once;
 * above it the next waits until this one is written. Far below SOCKET_MAX_BUFFERED_BYTES, so a
 * client that stops reading is still held at about one page of events.
 */
const SEND_AHEAD_BYTES = 64 * 1024;
/** Messages sent in a row without waiting before the stream gives the event loop a turn: a replay does not starve the other sockets. */
const SENDS_BETWEEN_TURNS = 64;

/**
 * graphql-ws's protocol (graphql-transport-ws) on one socket, in place of graphql-ws's `makeServer`,
 * whose message loop keeps a suspended async function, three closures and their promises for every
 * live subscription. Here a subscription waiting for its next event holds its Delivery and the two
 * callbacks of its pending `next()`.
 */
export class Connection {
  connectionParams: Record<string, unknown> | undefined;
  private initReceived = false;
  private acknowledged = false;
  /** Every operation of the socket not yet ended, with its stream once it has one. */
  private readonly operations = new Map<string, AsyncIterableIterator<ExecutionResult> | null>();
  private initWait: NodeJS.Timeout | undefined;
  private sentInARow = 0;

  constructor(
    readonly socket: WebSocket,
    readonly client: SocketClient,
    private readonly hooks: ProtocolHooks,
    /** What a failure of the server's own handling does: the socket is closed. */
    readonly broke: (error: unknown) => void,
  ) {
    if (socket.protocol !== GRAPHQL_TRANSPORT_WS_PROTOCOL) {
      socket.close(CloseCode.SubprotocolNotAcceptable, 'Subprotocol not acceptable');
      return;
    }
    if (hooks.connectionInitWaitTimeout > 0 && Number.isFinite(hooks.connectionInitWaitTimeout)) {
      this.initWait = setTimeout(
        () => socket.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout'),
        hooks.connectionInitWaitTimeout,
      );
    }
  }

  receive(data: string) {
    this.handle(data).catch(this.broke);
  }

  private async handle(data: string): Promise<void> {
    let message: Message;
    try {
      message = parseMessage(data);
    } catch {
      return this.socket.close(CloseCode.BadRequest, 'Invalid message received');
    }
    switch (message.type) {
      case MessageType.ConnectionInit: {
        if (this.initReceived)
          return this.socket.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
        this.initReceived = true;
        clearTimeout(this.initWait);
        if (typeof message.payload === 'object' && message.payload !== null) this.connectionParams = message.payload;
        if (!(await this.hooks.onConnect(this))) return this.socket.close(CloseCode.Forbidden, 'Forbidden');
        this.acknowledged = true;
        return this.send(stringifyMessage({ type: MessageType.ConnectionAck }));
      }
      case MessageType.Ping:
        return this.send(
          stringifyMessage(
            message.payload ? { type: MessageType.Pong, payload: message.payload } : { type: MessageType.Pong },
          ),
        );
      case MessageType.Pong:
        return;
      case MessageType.Subscribe:
        return this.start(message.id, message.payload);
      case MessageType.Complete: {
        const stream = this.operations.get(message.id);
        this.operations.delete(message.id);
        await stream?.return?.();
        break;
      }
      default:
        throw new Error(`Unexpected message of type ${message.type} received`);
    }
  }

  /** The socket has closed: every stream still open is ended. */
  async closed(): Promise<void> {
    clearTimeout(this.initWait);
    const streams = [...this.operations.values()];
    this.operations.clear();
    await Promise.all(streams.map(async (stream) => void (await stream?.return?.())));
  }

  private async start(id: string, payload: SubscribePayload) {
    if (!this.acknowledged) return this.socket.close(CloseCode.Unauthorized, 'Unauthorized');
    if (this.operations.has(id))
      return this.socket.close(CloseCode.SubscriberAlreadyExists, `Subscriber for ${id} already exists`);
    this.operations.set(id, null);
    let following = false;
    try {
      const args = await this.hooks.onSubscribe(this, id, payload);
      if (Array.isArray(args)) return await this.fail(id, args as readonly GraphQLError[]);
      const { document, operationName } = args as ExecutionArgs;
      const operation = getOperationAST(document, operationName);
      if (!operation) return await this.fail(id, [new GraphQLError('Unable to identify operation')]);
      const result =
        operation.operation === OperationTypeNode.SUBSCRIPTION
          ? await this.hooks.subscribe(args as ExecutionArgs)
          : await this.hooks.execute(args as ExecutionArgs);
      if (!(Symbol.asyncIterator in result)) {
        if (this.operations.has(id)) await this.next(id, result);
        return await this.complete(id);
      }
      if (!this.operations.has(id)) {
        await result.return?.();
        return;
      }
      this.operations.set(id, result);
      following = true;
      new Delivery(this, id, result).step();
    } finally {
      if (!following) this.end(id);
    }
  }

  next(id: string, result: ExecutionResult) {
    const { errors, ...rest } = result;
    const payload = errors ? { ...rest, errors: errors.map((error) => error.toJSON()) } : rest;
    return this.send(stringifyMessage({ id, type: MessageType.Next, payload }));
  }

  async fail(id: string, errors: readonly GraphQLError[]) {
    if (!this.operations.has(id)) return;
    this.operations.delete(id);
    await this.send(stringifyMessage({ id, type: MessageType.Error, payload: errors.map((error) => error.toJSON()) }));
  }

  async complete(id: string) {
    if (!this.operations.has(id)) return;
    this.operations.delete(id);
    await this.send(stringifyMessage({ id, type: MessageType.Complete }));
  }

  isLive(id: string) {
    return this.operations.has(id);
  }

  end(id: string) {
    this.operations.delete(id);
    this.hooks.onEnd(this, id);
  }

  /**
   * Hands a message to the socket; the promise, when there is one, says when the next may follow.
   * Messages sent in one burst (a replayed page) leave in one write: the TCP socket under `ws` is
   * corked until the burst ends.
   */
  private send(data: string): Promise<void> | undefined {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    const tcp = (this.socket as unknown as { _socket?: Socket })._socket;
    if (tcp && tcp.writableCorked === 0) {
      tcp.cork();
      process.nextTick(() => tcp.uncork());
    }
    if (this.socket.bufferedAmount >= SEND_AHEAD_BYTES) {
      this.sentInARow = 0;
      return new Promise((resolve, reject) => this.socket.send(data, (error) => (error ? reject(error) : resolve())));
    }
    this.socket.send(data);
    if ((this.sentInARow += 1) < SENDS_BETWEEN_TURNS) return;
    this.sentInARow = 0;
    return new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * One live stream's results sent as they come. No async function waits meanwhile: an idle
 * subscription holds this object and the callbacks of its pending `next()`.
 */
class Delivery {
  constructor(
    private readonly connection: Connection,
    private readonly id: string,
    private readonly stream: AsyncIterableIterator<ExecutionResult>,
  ) {}

  step() {
    this.stream.next().then(
      (result) => this.took(result),
      // The streams given here turn their sources' failures into results: one that still throws is a fault of the server's.
      (error: unknown) => this.broke(error),
    );
  }

  private took(result: IteratorResult<ExecutionResult>) {
    const { connection, id } = this;
    if (result.done || !connection.isLive(id)) return this.settle(connection.complete(id));
    const sent = connection.next(id, result.value);
    if (!sent) return this.step();
    sent.then(
      () => this.step(),
      (error: unknown) => this.broke(error),
    );
  }

  /** The operation ends once its last message is sent. */
  private settle(last: Promise<void>) {
    last.then(
      () => this.connection.end(this.id),
      (error: unknown) => this.broke(error),
    );
  }

  private broke(error: unknown) {
    this.connection.end(this.id);
    this.connection.broke(error);
  }
}
