import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

@Entity({ name: 'tags' })
@Unique('tags_name_key', ['name'])
export class TagEntity {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'tags_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 40 })
  name: string;
}
