package pg

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Server is one open connection to an afcontrol server database.
type Server struct {
	conn *pgx.Conn
	url  string
	id   string
	role string
}

// ErrNotServer is wrapped when a database is not an afcontrol server (no
// server init was run), and ErrNewerServer when it was made by a newer
// afcontrol.
var (
	ErrNotServer   = errors.New("not an afcontrol server: run 'afcontrol server init' on it first")
	ErrNewerServer = errors.New("the server was set up by a newer afcontrol")
)

// IsURL reports whether s names a PostgreSQL server rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Redact returns url without its password, for messages and for the sync
// state a dataset keeps.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}

// Connect opens the server at url (a libpq URL: postgres://user@host/db;
// the password from the URL, else the OS keyring, $PGPASSWORD or
// ~/.pgpass) and checks that it is an afcontrol server this program can
// read.
func Connect(ctx context.Context, url string) (*Server, error) {
	conn, err := pgx.Connect(ctx, SavedPassword(url))
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", Redact(url), explain(err))
	}
	s := &Server{conn: conn, url: url}
	if err := s.check(ctx); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("%s: %w", Redact(url), err)
	}
	return s, nil
}

func (s *Server) check(ctx context.Context) error {
	version, err := schemaVersion(ctx, s.conn)
	if err != nil {
		return err
	}
	if version == 0 {
		return ErrNotServer
	}
	if version > SchemaVersion {
		return fmt.Errorf("%w (schema %d; this afcontrol reads up to %d): update afcontrol", ErrNewerServer, version, SchemaVersion)
	}
	if version < SchemaVersion {
		return fmt.Errorf("the server's schema is version %d: run 'afcontrol server init' to bring it to %d", version, SchemaVersion)
	}
	return s.conn.QueryRow(ctx, "SELECT (SELECT value FROM afcontrol_meta WHERE key = 'server_id'), current_user::text").Scan(&s.id, &s.role)
}

// schemaVersion returns the server's schema version, 0 when the database
// has no afcontrol schema.
func schemaVersion(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}) (int, error) {
	var exists bool
	if err := q.QueryRow(ctx, "SELECT to_regclass('afcontrol_meta') IS NOT NULL").Scan(&exists); err != nil || !exists {
		return 0, explain(err)
	}
	var v *string
	err := q.QueryRow(ctx, "SELECT (SELECT value FROM afcontrol_meta WHERE key = 'schema_version')").Scan(&v)
	if err != nil {
		return 0, explain(err)
	}
	if v == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(*v)
	if err != nil {
		return 0, fmt.Errorf("schema version %q: %w", *v, ErrNotServer)
	}
	return n, nil
}

// Init makes the afcontrol schema, the two roles (ReaderRole, EditorRole)
// and the PostGIS extension in the database at url, or brings an older
// afcontrol schema up to date, in one transaction. It needs a role that may
// create the extension and roles (a superuser, or the database owner with
// the postgis extension already created). Run on an up-to-date server, it
// changes nothing.
func Init(ctx context.Context, url string) (*Server, error) {
	conn, err := pgx.Connect(ctx, SavedPassword(url))
	if err != nil {
		return nil, fmt.Errorf("server init: connect to %s: %w", Redact(url), explain(err))
	}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		// One init at a time: two at once would both see version 0.
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7152644)"); err != nil {
			return err
		}
		version, err := schemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		if version > SchemaVersion {
			return fmt.Errorf("%w (schema %d; this afcontrol writes %d)", ErrNewerServer, version, SchemaVersion)
		}
		for i := version; i < SchemaVersion; i++ {
			if _, err := tx.Exec(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, explain(err))
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO afcontrol_meta (key, value) VALUES ('schema_version', $1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.Itoa(SchemaVersion))
		return err
	})
	conn.Close(ctx)
	if err != nil {
		return nil, fmt.Errorf("server init %s: %w", Redact(url), err)
	}
	return Connect(ctx, url)
}

// Close closes the connection; a nil Server is a no-op.
func (s *Server) Close() error {
	if s == nil || s.conn == nil {
		return nil
	}
	return s.conn.Close(context.Background())
}

// ID returns the server's own id, made by server init: the key under which
// a laptop remembers its syncs with this server, whatever URL reaches it.
func (s *Server) ID() string { return s.id }

// URL returns the server's URL without its password.
func (s *Server) URL() string { return Redact(s.url) }

// Role returns the database role this connection acts as (current_user).
func (s *Server) Role() string { return s.role }

// ErrReadOnly is wrapped when the server refuses a change because the role
// may only read.
var ErrReadOnly = errors.New("this role may view and export, not add or edit events")

// explain turns PostgreSQL's refusals into errors that say what to do.
func explain(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "42501": // insufficient_privilege
		return fmt.Errorf("%w: the server said %q (ask the server's administrator to GRANT %s to the role)", ErrReadOnly, pe.Message, EditorRole)
	case "28P01", "28000":
		return fmt.Errorf("the server refused the login: %s", pe.Message)
	case "3D000":
		return fmt.Errorf("no such database: %s", pe.Message)
	}
	return err
}
