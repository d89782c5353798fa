import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OrganizationKind } from '@rol/domain';

@Entity({ name: 'organization' })
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('organization_code_key', { unique: true })
  @Column('text')
  code: string;

  @Column('text')
  name: string;

  @Column('text')
  kind: OrganizationKind;

  @Index('organization_parent_idx')
  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  /** Materialised path "/root/.../self/"; subtree queries use a prefix match. */
  @Column('text')
  path: string;

  @Column('uuid', { name: 'upper_department_id', nullable: true })
  upperDepartmentId: string | null;

  @Column('text', { name: 'credit_code', nullable: true })
  creditCode: string | null;

  @Column('uuid', { name: 'principal_leader_id', nullable: true })
  principalLeaderId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
