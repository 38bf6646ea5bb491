package main

import (
	"io"
	"os"
)

const readerName = "go_readall"

// readFile reads the whole file with io.ReadAll: one buffer that append
// grows (1.25x once large) until it holds the file; the old buffers stay
// until the collector runs.
func readFile(path string, sum *counter) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return err
	}
	sum.update(data)
	return nil
}
