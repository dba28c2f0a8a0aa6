import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, QueryFailedError } from 'typeorm';
import { TokenService } from '../../platform/auth/token.service.js';
import { ArticlesService } from '../articles/articles.service.js';
import type { LoginUserFields } from './dto/login-user.dto.js';
import type { RegisterUserFields } from './dto/register-user.dto.js';
import type { UpdateUserFields } from './dto/update-user.dto.js';
import { toUserResponse, type UserResponse } from './dto/user.response.js';
import { AccountKeys, type AccountKey } from './account-key.js';
import { AuthAttempts } from './auth-attempts.js';
import { SessionsService } from './sessions/sessions.service.js';
import type { Principal } from '../../platform/auth/authenticated-request.js';
import { UserJobsProducer } from './jobs/user-jobs.producer.js';
import { PasswordHasher } from './password-hasher.js';
import type { UserEntity } from './user.entity.js';
import { UserError } from './users.errors.js';

const UNIQUE_VIOLATION = '23505';

/** The account as this service reads and writes it (users' columns, camel-cased). */
type Account = Pick<
  UserEntity,
  'id' | 'email' | 'username' | 'passwordHash' | 'bio' | 'image' | 'role'
>;
const ACCOUNT_COLUMNS = 'id, email, username, password_hash AS "passwordHash", bio, image, role';
const PROFILE_FIELDS = ['email', 'username', 'bio', 'image'] as const;

/** Accounts: registration, login, and the caller's own profile. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly jobs: UserJobsProducer,
    private readonly articles: ArticlesService,
    private readonly attempts: AuthAttempts,
    private readonly accountKeys: AccountKeys,
    private readonly sessions: SessionsService,
  ) {}

  /** `client` is the caller's address, which the attempt limits are keyed by. */
  async register(fields: RegisterUserFields, client: string): Promise<UserResponse> {
    await this.attempts.admitClient(client);
    await this.attempts.admitAccount(await this.accountKeys.of(fields.email));
    await this.assertAvailable(fields.email, fields.username);
    const passwordHash = await this.passwords.hash(fields.password);
    const [user] = await this.writeUnique(
      `INSERT INTO users (email, username, password_hash) VALUES ($1, $2, $3)
       RETURNING ${ACCOUNT_COLUMNS}`,
      [fields.email, fields.username, passwordHash],
    );
    await this.jobs.enqueueWelcome({ userId: user.id, username: user.username });
    return this.signIn(user);
  }

  async login(fields: LoginUserFields, client: string): Promise<UserResponse> {
    await this.attempts.admitClient(client);
    // The limits, the lockout and the lookup share one key, so they name the same account.
    const account = await this.accountKeys.of(fields.email);
    await this.attempts.admitAccount(account);
    await this.attempts.assertNotLocked(client, account);
    const user = await this.findByAccountKey(account);
    const valid = await this.passwords.verify(user?.passwordHash, fields.password);
    if (!user || !valid) {
      await this.attempts.recordFailure(client, account);
      throw UserError.invalidCredentials();
    }
    await this.attempts.recordSuccess(client, account);
    return this.signIn(user);
  }

  /** A new access token and the next refresh token of the same session (rotation). */
  async refresh(refreshToken: string): Promise<UserResponse> {
    const next = await this.sessions.rotate(refreshToken);
    const user = await this.getById(next.userId);
    const token = this.tokens.sign({ userId: user.id, role: user.role, sessionId: next.sessionId });
    return toUserResponse(user, token, next.refreshToken);
  }

  /** Ends the session of the refresh token if one is given, else the caller's current one. */
  async logout(principal: Principal | undefined, refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await this.sessions.endByToken(refreshToken);
    if (principal) await this.sessions.end([principal.sessionId]);
  }

  private async signIn(user: Account): Promise<UserResponse> {
    const { refreshToken, sessionId } = await this.sessions.start(user.id);
    const token = this.tokens.sign({ userId: user.id, role: user.role, sessionId });
    return toUserResponse(user, token, refreshToken);
  }

  /** The caller's account as the authentication read it: no query of its own. */
  current(principal: Principal): UserResponse {
    return toUserResponse(principal.account, principal.token);
  }

  /** `client` is the caller's address: an email change counts against its attempt limits. */
  async update(
    principal: Principal,
    changes: UpdateUserFields,
    client: string,
  ): Promise<UserResponse> {
    const { userId, token } = principal;
    const current = await this.getById(userId);
    // Counted before the availability check, whatever its answer ("taken" or saved).
    if (
      changes.email !== undefined &&
      changes.email.toLowerCase() !== current.email.toLowerCase()
    ) {
      await this.attempts.admitEmailChange(client, userId);
    }
    await this.assertAvailable(changes.email, changes.username, userId);
    const passwordHash =
      changes.password === undefined ? undefined : await this.passwords.hash(changes.password);
    const edited = PROFILE_FIELDS.filter(
      (field) => changes[field] !== undefined && changes[field] !== current[field],
    );
    // Sending what is already stored writes nothing and leaves every cached copy valid.
    if (edited.length === 0 && passwordHash === undefined) return toUserResponse(current, token);
    // A field left out of the request keeps its stored value (COALESCE of a NULL parameter).
    const [user] = await this.writeUnique(
      `UPDATE users SET email = COALESCE($2, email), username = COALESCE($3, username),
         bio = COALESCE($4, bio), image = COALESCE($5, image),
         password_hash = COALESCE($6, password_hash), updated_at = now()
       WHERE id = $1 RETURNING ${ACCOUNT_COLUMNS}`,
      [
        userId,
        changes.email ?? null,
        changes.username ?? null,
        changes.bio ?? null,
        changes.image ?? null,
        passwordHash ?? null,
      ],
    );
    if (!user) throw UserError.accountGone();
    // A new password ends every other session: whoever knew the old one is signed out.
    if (passwordHash !== undefined) await this.sessions.endAllExcept(userId, principal.sessionId);
    // Articles show their author's username, bio and image: cached copies must go.
    if (edited.some((field) => field !== 'email')) await this.articles.invalidateAuthor(userId);
    return toUserResponse(user, token);
  }

  private async getById(userId: string): Promise<Account> {
    const [user]: Account[] = await this.dataSource.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM users WHERE id = $1`,
      [userId],
    );
    if (!user) throw UserError.accountGone();
    return user;
  }

  private async findByAccountKey(account: AccountKey): Promise<Account | undefined> {
    // The account key is the lower-cased email, which the unique index covers.
    const [user]: Account[] = await this.dataSource.query(
      `SELECT ${ACCOUNT_COLUMNS} FROM users WHERE lower(email) = $1`,
      [account],
    );
    return user;
  }

  /** Clear messages for the common case; {@link writeUnique} still guards the race. */
  private async assertAvailable(email?: string, username?: string, exceptUserId?: string) {
    if (email === undefined && username === undefined) return;
    const clashes: Pick<Account, 'email' | 'username'>[] = await this.dataSource.query(
      `SELECT email, username FROM users
       WHERE (lower(email) = lower($1) OR lower(username) = lower($2))
         AND ($3::uuid IS NULL OR id <> $3)`,
      [email ?? null, username ?? null, exceptUserId ?? null],
    );
    const problems: UserError[] = [];
    if (email && clashes.some((u) => u.email.toLowerCase() === email.toLowerCase())) {
      problems.push(UserError.emailTaken());
    }
    if (username && clashes.some((u) => u.username.toLowerCase() === username.toLowerCase())) {
      problems.push(UserError.usernameTaken());
    }
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) throw UserError.taken(problems.map((p) => p.message));
  }

  /** Runs an INSERT or UPDATE of users that may break a unique index, as a clear 409 if it does. */
  private async writeUnique(sql: string, parameters: unknown[]): Promise<Account[]> {
    try {
      // node-postgres answers an UPDATE ... RETURNING as [rows, count] through TypeORM.
      const result: Account[] | [Account[], number] = await this.dataSource.query(sql, parameters);
      return Array.isArray(result[0]) ? result[0] : (result as Account[]);
    } catch (error) {
      const driverError = (
        error as QueryFailedError<Error & { code?: string; constraint?: string }>
      ).driverError;
      if (error instanceof QueryFailedError && driverError?.code === UNIQUE_VIOLATION) {
        const constraint = driverError.constraint ?? '';
        throw constraint.includes('username') ? UserError.usernameTaken() : UserError.emailTaken();
      }
      throw error;
    }
  }
}
