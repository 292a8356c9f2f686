// Wraps a Kysely dialect so that driver errors come out as the port's typed errors (see errors.ts): each adapter
// gives the function that recognises its engine's errors, modules only ever see `DB_*` codes.
import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  Kysely,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** Returns the typed error for a driver error, or the error itself when it has no typed equivalent. */
export type DriverErrorMapper = (error: unknown) => unknown;

export function withErrorMapping(dialect: Dialect, mapError: DriverErrorMapper): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => new ErrorMappingDriver(dialect.createDriver(), mapError),
    // biome-ignore lint/suspicious/noExplicitAny: Dialect's own signature takes Kysely<any>
    createIntrospector: (db: Kysely<any>) => dialect.createIntrospector(db),
    createQueryCompiler: () => dialect.createQueryCompiler(),
  };
}

class ErrorMappingDriver implements Driver {
  /** Drivers release and run transactions on their own connection class (PostgreSQL's uses a private symbol). */
  readonly #inner = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(
    private readonly driver: Driver,
    private readonly mapError: DriverErrorMapper,
  ) {}

  init(): Promise<void> {
    return this.guard(() => this.driver.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.guard(() => this.driver.acquireConnection());
    const wrapped = new ErrorMappingConnection(connection, this.mapError);
    this.#inner.set(wrapped, connection);
    return wrapped;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.guard(() => this.driver.beginTransaction(this.unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guard(() => this.driver.commitTransaction(this.unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.guard(() => this.driver.rollbackTransaction(this.unwrap(connection)));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['savepoint']>>[2],
  ): Promise<void> {
    const savepoint = this.driver.savepoint?.bind(this.driver);
    if (!savepoint) throw new Error('this database driver has no savepoints');
    await this.guard(() => savepoint(this.unwrap(connection), name, compile));
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2],
  ): Promise<void> {
    const rollback = this.driver.rollbackToSavepoint?.bind(this.driver);
    if (!rollback) throw new Error('this database driver has no savepoints');
    await this.guard(() => rollback(this.unwrap(connection), name, compile));
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2],
  ): Promise<void> {
    const release = this.driver.releaseSavepoint?.bind(this.driver);
    if (!release) throw new Error('this database driver has no savepoints');
    await this.guard(() => release(this.unwrap(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.driver.releaseConnection(this.unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.driver.destroy();
  }

  private unwrap(connection: DatabaseConnection): DatabaseConnection {
    return this.#inner.get(connection) ?? connection;
  }

  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.mapError(error);
    }
  }
}

class ErrorMappingConnection implements DatabaseConnection {
  constructor(
    private readonly connection: DatabaseConnection,
    private readonly mapError: DriverErrorMapper,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.connection.executeQuery<R>(query);
    } catch (error) {
      throw this.mapError(error);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    try {
      yield* this.connection.streamQuery<R>(query, chunkSize);
    } catch (error) {
      throw this.mapError(error);
    }
  }
}
