// The shared part of heapbound's Go readers: the walk rule, the proof-of-work
// line and main. Each reader is this file plus one reader file (readall.go,
// buffer.go, scanner.go, chunk.go) that defines readerName and readFile;
// build one with `go build -o chunk walk.go chunk.go` (CMake does).
//
// Usage: <reader> [-baseline] ROOT
//
//	Reads every regular file under ROOT in canonical order (depth first,
//	names sorted bytewise, symlinks never followed, FIFOs and devices never
//	opened) and prints {"case", "bytes", "files"} on one line. With
//	-baseline it walks the same tree without opening a file: the process
//	whose resident set is subtracted from the reader's (the Go runtime, the
//	binary's pages and the walk).
package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// counter is what every reader feeds each byte it reads to.
type counter struct {
	bytes uint64
	files uint64
}

func (c *counter) update(p []byte) { c.bytes += uint64(len(p)) }

// walk calls visit for each regular file below dir, in canonical order.
// os.ReadDir sorts names bytewise; a DirEntry's type comes from lstat
// (getdents), so a symlink is never a directory or a regular file here.
func walk(dir string, visit func(path string) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, entry := range entries {
		path := filepath.Join(dir, entry.Name())
		switch mode := entry.Type(); {
		case mode.IsDir():
			if err := walk(path, visit); err != nil {
				return err
			}
		case mode&fs.ModeType == 0:
			if err := visit(path); err != nil {
				return err
			}
		}
	}
	return nil
}

func main() {
	args := os.Args[1:]
	baseline := len(args) == 2 && args[0] == "-baseline"
	if baseline {
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintf(os.Stderr, "usage: %s [-baseline] ROOT\n", os.Args[0])
		os.Exit(2)
	}
	var sum counter
	err := walk(args[0], func(path string) error {
		sum.files++
		if baseline {
			return nil
		}
		return readFile(path, &sum)
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", readerName, err)
		os.Exit(1)
	}
	name := readerName
	if baseline {
		name += ".baseline"
	}
	fmt.Printf("{\"case\":%q,\"bytes\":%d,\"files\":%d}\n", name, sum.bytes,
		sum.files)
}
