import { describe, expect, it } from 'vitest';
import { socketHostOf } from './database.js';

describe('DATABASE_URL with a Unix socket (libpq style ?host=/dir)', () => {
  it('takes the socket folder out of the URL so it is not sent to the server as a setting', () => {
    expect(socketHostOf('postgres://lantern@localhost/lantern?host=/var/run/postgresql')).toEqual({
      url: 'postgres://lantern@localhost/lantern',
      host: '/var/run/postgresql',
    });
    expect(socketHostOf('postgres://lantern@localhost:5433/lantern?sslmode=disable&host=%2Ftmp%2Fpg')).toEqual({
      url: 'postgres://lantern@localhost:5433/lantern?sslmode=disable',
      host: '/tmp/pg',
    });
  });

  it('leaves TCP URLs as they are', () => {
    expect(socketHostOf('postgres://lantern:pw@db.internal:5432/lantern')).toEqual({
      url: 'postgres://lantern:pw@db.internal:5432/lantern',
    });
    expect(socketHostOf('postgres://lantern@localhost/lantern?host=db.internal')).toEqual({
      url: 'postgres://lantern@localhost/lantern?host=db.internal',
    });
  });
});
