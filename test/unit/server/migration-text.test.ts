import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../server/store/migrations';
import { pgMigrations } from '../../../server/store/postgres-migrations';

/**
 * Released migrations are append-only (no checksum is kept: a server that ran one never
 * runs it again), and their text is partly written by server/store/ddl.ts. These are the
 * SHA-256 of the SQL each released migration executes: an edit of ddl.ts that changes a
 * released migration fails here; a new migration is appended and pinned below.
 */
const released = {
  sqlite: [
    '687ebb57eac180a8c0b1ceba3252f7f30a9cbb2fe27dc0e9cfe8a8a5c5939afe',
    'fd6c080ba517b7394b1155932443028294fe424c045dbf65ea7aec2cb1f4f7db',
    '949cfa69ada1892ae1fcd5305d7a616d218d05e8a80d90694288eab55e850645',
    '3be56b64919334527fbea9b257c6692d0126a83b754ba05559422be90b976e43',
    '11b8644506da82d33ddeea69f3f30ef23dfd63b98304287aace112edd4042439',
    '01d535d2eee43546b14f8fcc6c63cb389a313e635f735bbc2f8b61b083926c87',
    'bab7ba4c7ecc062376e77af26cc732edf8637e089d4d40651640fd207344d24f',
    '2e3c08fe425fb087ad17f9d4df60bd8280907383f1bf5ad0274c45241d486d4e',
    '913fb4d5454ee4b706352d73e20e31aadc0bef8f59573203832aa37864de2b67',
    '69e57b9c030e70a9b44a72abc9bba3117258b55dd5bab3164a93b56f8dc27511',
    'ab43c43ba257bd540b94190a4ca504d11a07ddc19e0458eec82b7ed8e1eee97e',
    '39dc8b700ea1db9437746e795f318dbc9ec2a9c505a90cc39316885267f5d3d0',
    'af129a632cd599e64469c108abe9eb5ab1c49e0be3c41b559f62daa0e556407e',
    'fe34447fa94000c91a09fbc9731addc665f8f65f93c13ea43d985999189523bc',
    '8b850aa6f468f09e3080931aee8ce5eddadea010f7d145f9f09eaed7147277b0',
    '5e2bfda1aee0db09106d5102252d3b5a94b966ca3c75f71f9a63f7f9a5b95e45',
    'f01be1e120898d90861a1eedee9de3192a39b78446173504b472fe1622aac873',
  ],
  postgres: [
    '617eb70c5cf0a843502e271db94da0066c1ee884184a09af40f9342eeff30d0c',
    '9310fab8626903cec61971f65c5b45c043196e4fcf1707b4a0c853e27f653759',
    '500a074c5593543fdb0d70ac5cf4b8864e37da605a6c956f01c8440c14459237',
  ],
};

const sha256 = (sql: string) => createHash('sha256').update(sql).digest('hex');

describe('released migrations', () => {
  it('execute the same SQL text as when they were released (SQLite)', () => {
    expect(migrations.slice(0, released.sqlite.length).map(sha256)).toEqual(released.sqlite);
  });

  it('execute the same SQL text as when they were released (PostgreSQL)', () => {
    expect(pgMigrations.slice(0, released.postgres.length).map(sha256)).toEqual(released.postgres);
  });
});
