/** Queue for background work about accounts. */
export const USERS_QUEUE = 'users';

/** Every job on {@link USERS_QUEUE}, by name, with its payload. */
export interface UserJobs {
  'welcome-user': { userId: string; username: string };
}

export type UserJobName = keyof UserJobs;

/** Deterministic ids make a retried enqueue a no-op instead of a duplicate job. */
export const welcomeJobId = (userId: string) => `welcome-user.${userId}`;
