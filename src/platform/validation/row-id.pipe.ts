import type { PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../errors/app-error.js';

/** The largest value of a Postgres `integer`, the type of serial ids. */
export const MAX_ROW_ID = 2_147_483_647;
const DIGITS = /^[1-9][0-9]{0,9}$/;

/**
 * A serial id from the path: a whole number from 1 to MAX_ROW_ID, else 422. Nest's ParseIntPipe
 * lets through ids Postgres cannot compare with an integer column (2147483648 is an error there).
 * The global ValidationPipe may already have made the text a number (a `number` parameter).
 */
export class ParseRowIdPipe implements PipeTransform<unknown, number> {
  constructor(private readonly name: string) {}

  transform(value: unknown): number {
    const id =
      typeof value === 'number'
        ? value
        : typeof value === 'string' && DIGITS.test(value)
          ? Number(value)
          : Number.NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) {
      throw new InvalidInputError([`${this.name} must be a whole number from 1 to ${MAX_ROW_ID}`]);
    }
    return id;
  }
}
