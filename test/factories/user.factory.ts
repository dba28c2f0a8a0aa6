import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Server } from 'node:http';

export interface NewUser {
  username: string;
  email: string;
  password: string;
}

/** Fields for a user no other test uses, so tests never depend on each other's data. */
export function newUser(overrides: Partial<NewUser> = {}): NewUser {
  const tag = randomBytes(6).toString('hex');
  return {
    username: `user_${tag}`,
    email: `user_${tag}@example.test`,
    password: `pw-${tag}-secret`,
    ...overrides,
  };
}

/** Registers a user through the API and returns its fields and token. */
export async function registerUser(server: Server, overrides: Partial<NewUser> = {}) {
  const fields = newUser(overrides);
  const response = await request(server).post('/api/users').send({ user: fields }).expect(201);
  return { ...fields, token: (response.body as { user: { token: string } }).user.token };
}
