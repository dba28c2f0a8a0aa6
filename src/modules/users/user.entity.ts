import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A registered account. Persistence shape only: API responses are mapped in dto/. */
export type Role = 'user' | 'admin';

@Entity({ name: 'users' })
@Check('users_role_check', `"role" IN ('user', 'admin')`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'users_pkey' })
  id: string;

  // Unique case-insensitively through expression indexes on lower(...), declared in the migration.
  @Index('users_email_lower_key', { synchronize: false })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Index('users_username_lower_key', { synchronize: false })
  @Column({ type: 'varchar', length: 40 })
  username: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 1000, default: '' })
  bio: string;

  @Column({ type: 'varchar', length: 2048, default: '' })
  image: string;

  /** `admin` may moderate (delete any article or comment) and change roles. */
  @Column({ type: 'varchar', length: 16, default: 'user' })
  role: Role;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
