package main

import (
	"io"
	"os"
)

const readerName = "go_chunk"

// readFile reads the file in 4096-byte chunks: the incident's fix.
func readFile(path string, sum *counter) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		n, err := f.Read(buf)
		sum.update(buf[:n])
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
