package main

import (
	"bufio"
	"bytes"
	"os"
)

const readerName = "go_scanner"

// maxLine is the longest line the scanner accepts: far above any fixture's
// max_line. The buffer starts at 64 KiB and grows only for a longer line.
const maxLine = 1 << 30

// scanLines is bufio.ScanLines keeping the terminator, so every byte of the
// file reaches the counter.
func scanLines(data []byte, atEOF bool) (int, []byte, error) {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		return i + 1, data[:i+1], nil
	}
	if atEOF && len(data) > 0 {
		return len(data), data, nil
	}
	return 0, nil, nil
}

// buffer is the scanner's starting buffer, shared by every file as a careful
// reader would: a fresh 64 KiB per file would be garbage the collector lets
// pile up to its 4 MB minimum heap, whatever the lines are.
var buffer = make([]byte, 64*1024)

// readFile reads the file line by line with bufio.Scanner.
func readFile(path string, sum *counter) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	scanner.Buffer(buffer, maxLine)
	scanner.Split(scanLines)
	for scanner.Scan() {
		sum.update(scanner.Bytes())
	}
	return scanner.Err()
}
