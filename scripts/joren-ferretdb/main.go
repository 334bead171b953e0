// Command joren-ferretdb runs FerretDB v1.24.2 with its SQLite backend as Joren's embedded,
// MongoDB-compatible database for development, tests and small single-server shops.
//
// It embeds FerretDB's public package instead of running FerretDB's own command because:
//   - `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds a binary that panics at
//     start: build/version/version.txt is produced by FerretDB's release tooling and is not in the
//     module zip;
//   - FerretDB 1.24's SQLite backend indexes `_id` as `_ferretdb_sjson->"_id"` but filters on
//     `_ferretdb_sjson->'$._id'`, so SQLite never uses that index and every lookup by `_id` scans the
//     whole table. This program adds an index on the exact expression FerretDB queries, for every
//     collection table, so `_id` lookups, updates and deletes are O(log n) as FerretDB intends.
//
// It listens on loopback only, prints one JSON line {"uri": ...} on stdout when it accepts
// connections, and exits when its standard input closes (the parent process ended) or on SIGTERM.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite"
)

func main() {
	dir := flag.String("dir", "", "directory for the SQLite files (required)")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (loopback)")
	logLevel := flag.String("log-level", "error", "debug, info, warn or error")
	indexEvery := flag.Duration("index-every", time.Second, "how often to look for tables that lack the _id lookup index")
	printVersion := flag.Bool("version", false, "print the embedded FerretDB version and exit")
	flag.Parse()

	if *printVersion {
		fmt.Println(ferretDBVersion())
		return
	}

	if *dir == "" {
		fmt.Fprintln(os.Stderr, "joren-ferretdb: -dir is required")
		os.Exit(2)
	}

	absDir, err := filepath.Abs(*dir)
	if err == nil {
		err = os.MkdirAll(absDir, 0o750)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "joren-ferretdb: data directory %q: %v\n", *dir, err)
		os.Exit(1)
	}

	// FerretDB allocates a document tree for every document it decodes, so at Go's default (GOGC=100)
	// a scan spends much of its time collecting garbage: at 400, scans of 90,000-100,000 documents
	// took 19-27% less time and peak memory went from 70 MB to 104 MB (measured on the 2-core CI
	// machine). GOGC in the environment wins.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		level = slog.LevelWarn
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	// _txlock=immediate makes every FerretDB write transaction take SQLite's write lock up front,
	// so concurrent writers wait (busy_timeout) instead of failing with SQLITE_BUSY on lock upgrade.
	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: *listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + absDir + "/?_txlock=immediate",
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "joren-ferretdb: %v\n", err)
		os.Exit(1)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	ctx, cancel := context.WithCancel(ctx)
	go func() {
		// The parent holds our stdin open; EOF means it is gone, so we must not linger.
		_, _ = io.Copy(io.Discard, bufio.NewReader(os.Stdin))
		cancel()
	}()

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	addIDLookupIndexes(absDir, logger)
	go func() {
		ticker := time.NewTicker(*indexEvery)
		defer ticker.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-ticker.C:
				addIDLookupIndexes(absDir, logger)
			}
		}
	}()

	ready, _ := json.Marshal(map[string]string{"uri": f.MongoDBURI(), "version": ferretDBVersion()})
	fmt.Println(string(ready))

	<-done
}

// ferretDBVersion is the FerretDB module version this binary was built with (go.mod pins it).
func ferretDBVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/FerretDB/FerretDB" {
				return dep.Version
			}
		}
	}
	return "unknown"
}

// addIDLookupIndexes creates the missing `_id` lookup index in every FerretDB table of every
// database file in dir. Errors are logged and retried on the next pass.
func addIDLookupIndexes(dir string, logger *slog.Logger) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		logger.Warn("list database files", "error", err)
		return
	}
	for _, file := range files {
		if err := indexDatabase(file); err != nil && !strings.Contains(err.Error(), "no such table") {
			logger.Warn("add _id lookup indexes", "file", filepath.Base(file), "error", err)
		}
	}
}

func indexDatabase(file string) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)&_txlock=immediate")
	if err != nil {
		return err
	}
	defer db.Close()

	tables, err := queryStrings(db, `SELECT table_name FROM _ferretdb_collections`)
	if err != nil {
		return err
	}
	existing, err := queryStrings(db, `SELECT name FROM sqlite_master WHERE type = 'index'`)
	if err != nil {
		return err
	}
	have := make(map[string]bool, len(existing))
	for _, name := range existing {
		have[name] = true
	}

	for _, table := range tables {
		name := table + "__id_lookup"
		if have[name] {
			continue
		}
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, name, table)
		if _, err := db.Exec(q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}

func queryStrings(db *sql.DB, q string) ([]string, error) {
	rows, err := db.Query(q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()

	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
