// The shared part of heapbound's Go readers: the walk rule, the proof-of-work
// line and main. Each reader is this file, digest.go and one reader file
// (readall.go, buffer.go, scanner.go, chunk.go) that defines readerName and
// readFile; build one with `go build -o chunk walk.go digest.go chunk.go`
// (CMake does).
//
// Usage: <reader> [-baseline] ROOT
//
//	Reads every regular file under ROOT in canonical order (depth first,
//	names sorted bytewise, symlinks never followed, FIFOs and devices never
//	opened) and prints {"case", "bytes", "files", "digest"} on one line
//	(docs/digest.md). With
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

// counter is what every reader feeds each byte it reads to, in order.
type counter struct {
	bytes  uint64
	files  uint64
	digest *treeDigest
}

func (c *counter) update(p []byte) {
	c.bytes += uint64(len(p))
	c.digest.update(p)
}

// walk calls visit for each regular file below dir, in canonical order,
// with its path and its path relative to the root. os.ReadDir sorts names
// bytewise; a DirEntry's type comes from lstat (getdents), so a symlink is
// never a directory or a regular file here.
func walk(dir, relative string, visit func(path, relative string) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, entry := range entries {
		path := filepath.Join(dir, entry.Name())
		below := entry.Name()
		if relative != "" {
			below = relative + "/" + below
		}
		switch mode := entry.Type(); {
		case mode.IsDir():
			if err := walk(path, below, visit); err != nil {
				return err
			}
		case mode&fs.ModeType == 0:
			if err := visit(path, below); err != nil {
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
	sum := counter{digest: newTreeDigest()}
	err := walk(args[0], "", func(path, relative string) error {
		sum.files++
		if baseline {
			return nil
		}
		sum.digest.beginFile()
		if err := readFile(path, &sum); err != nil {
			return err
		}
		sum.digest.endFile(relative)
		return nil
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", readerName, err)
		os.Exit(1)
	}
	name := readerName
	if baseline {
		name += ".baseline"
	}
	fmt.Printf("{\"case\":%q,\"bytes\":%d,\"files\":%d,\"digest\":%q}\n", name,
		sum.bytes, sum.files, sum.digest.hex())
}
