import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, type Repository } from 'typeorm';
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
import { UserEntity } from './user.entity.js';
import { UserError } from './users.errors.js';

const UNIQUE_VIOLATION = '23505';

/** Accounts: registration, login, and the caller's own profile. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
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
    const user = this.users.create({
      email: fields.email,
      username: fields.username,
      passwordHash: await this.passwords.hash(fields.password),
    });
    await this.saveUnique(user);
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

  private async signIn(user: UserEntity): Promise<UserResponse> {
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
    const user = await this.getById(userId);
    // Counted before the availability check, whatever its answer ("taken" or saved).
    if (changes.email !== undefined && changes.email.toLowerCase() !== user.email.toLowerCase()) {
      await this.attempts.admitEmailChange(client, userId);
    }
    await this.assertAvailable(changes.email, changes.username, userId);
    if (changes.email !== undefined) user.email = changes.email;
    if (changes.username !== undefined) user.username = changes.username;
    if (changes.bio !== undefined) user.bio = changes.bio;
    if (changes.image !== undefined) user.image = changes.image;
    if (changes.password !== undefined)
      user.passwordHash = await this.passwords.hash(changes.password);
    await this.saveUnique(user);
    // A new password ends every other session: whoever knew the old one is signed out.
    if (changes.password !== undefined)
      await this.sessions.endAllExcept(userId, principal.sessionId);
    // Articles show their author's username, bio and image: cached copies must go.
    if (
      changes.username !== undefined ||
      changes.bio !== undefined ||
      changes.image !== undefined
    ) {
      await this.articles.invalidateAuthor(userId);
    }
    return toUserResponse(user, token);
  }

  private async getById(userId: string): Promise<UserEntity> {
    const user = await this.users.findOneBy({ id: userId });
    if (!user) throw UserError.accountGone();
    return user;
  }

  private findByAccountKey(account: AccountKey): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('user')
      .where('lower(user.email) = :account', { account })
      .getOne();
  }

  /** Clear messages for the common case; {@link saveUnique} still guards the race. */
  private async assertAvailable(email?: string, username?: string, exceptUserId?: string) {
    if (email === undefined && username === undefined) return;
    const clashes = await this.users
      .createQueryBuilder('user')
      .select(['user.id', 'user.email', 'user.username'])
      .where('(lower(user.email) = lower(:email) OR lower(user.username) = lower(:username))', {
        email: email ?? null,
        username: username ?? null,
      })
      .andWhere(exceptUserId ? 'user.id <> :exceptUserId' : 'TRUE', { exceptUserId })
      .getMany();
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

  private async saveUnique(user: UserEntity): Promise<void> {
    try {
      await this.users.save(user);
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
