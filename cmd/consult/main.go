// Command consult runs the civil-society consultation service and its tools.
//
//	consult serve          run the web service
//	consult export         write submissions as JSON or CSV, or the hand-off as Markdown
//	consult questionnaire  import a questionnaire file
//	consult demo           fill a database with plausible demo submissions
//	consult report         write the consultation report as PDF or accessible HTML
//	consult suggest        print theme suggestions, campaigns and too-short answers as JSON
//	consult backup         write an online, checked backup of the database
//	consult bench          drive the intake flow against a server on loopback
//	consult user           manage staff accounts
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"syscall"

	"consult/consultation"
	"consult/consultation/sqlite"
	"consult/data"
	"consult/synthesis/themes"
)

// DefaultDB is the database file used when neither --db nor CONSULT_DB is given.
const DefaultDB = "data/consult.db"

type command struct {
	name, summary string
	run           func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"serve", "run the web service", runServe},
		{"export", "write submissions as JSON or CSV, or the hand-off as Markdown", runExport},
		{"questionnaire", "import a questionnaire file (questionnaire import FILE)", runQuestionnaire},
		{"demo", "fill a database with plausible demo submissions", runDemo},
		{"report", "write the consultation report as PDF or accessible HTML", runReport},
		{"suggest", "print each question's theme suggestions, campaigns and answers too short to group, as JSON", runSuggest},
		{"backup", "write an online, checked backup of the database", runBackup},
		{"bench", "drive the intake flow against a server on loopback (bench intake)", runBench},
		{"user", "manage staff accounts (user add --email E --role R, password on stdin)", runUser},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "consult:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	for _, c := range commands {
		if c.name == args[0] {
			if err := loadLexicon(os.Getenv("CONSULT_LEXICON")); err != nil {
				return err
			}
			return c.run(ctx, args[1:], stdin, stdout, stderr)
		}
	}
	usage(stderr)
	return fmt.Errorf("unknown command %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: consult COMMAND [flags]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-14s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'consult COMMAND -h' for a command's flags.")
}

// loadLexicon extends the theme suggestions' bilingual lexicon with the
// concepts of the file at path (themes.ExtendDefaultLexicon), for every
// command: the workspace, the report and consult suggest read the same.
// An empty path keeps the built-in lexicon.
func loadLexicon(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("CONSULT_LEXICON: %w", err)
	}
	defer f.Close()
	if err := themes.ExtendDefaultLexicon(f); err != nil {
		return fmt.Errorf("CONSULT_LEXICON %s: %w", path, err)
	}
	return nil
}

// newFlags returns a flag set for a subcommand with the --db flag.
func newFlags(name string, stderr io.Writer) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("consult "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", envOr("CONSULT_DB", DefaultDB), "database file (env CONSULT_DB)")
	return fs, db
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// writeFile creates (or truncates) the file at path with permissions perm,
// lets write fill it, and syncs it to disk before closing it.
func writeFile(path string, perm os.FileMode, write func(io.Writer) error) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// openExistingDB is openDB for the commands that read a consultation
// (report, suggest, export): a path that names no file is an error, not
// a new, empty consultation that would give an empty report.
func openExistingDB(ctx context.Context, path string) (*sqlite.DB, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s: give its path with --db or CONSULT_DB (consult serve and consult demo create one)", path)
	} else if err != nil {
		return nil, fmt.Errorf("database %s: %w", path, err)
	}
	return openDB(ctx, path)
}

// openDB opens the database and, when it has no questionnaire yet, imports
// the Cluster 1 questionnaire that ships with consult.
func openDB(ctx context.Context, path string) (*sqlite.DB, error) {
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := db.ActiveQuestionnaire(ctx); consultation.ErrorCode(err) == consultation.ENOTFOUND {
		q, err := consultation.ParseQuestionnaire(data.Cluster1)
		if err != nil {
			db.Close()
			return nil, fmt.Errorf("built-in questionnaire: %w", err)
		}
		if err := db.ImportQuestionnaire(ctx, q, data.Cluster1); err != nil {
			db.Close()
			return nil, err
		}
	} else if err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
