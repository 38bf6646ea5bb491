package main

// The tree digest of docs/digest.md: XXH3-64 of each file, and XXH3-64 over
// one record per file (relative path, NUL, size and file digest as 8-byte
// little-endian). Go's standard library has no XXH3, so this calls Debian's
// libxxhash through cgo (as the Python readers do through ctypes); the
// states live in C memory, outside the Go heap the readers are about.
//
// Every argument crosses as an integer: a Go pointer argument makes cgo
// check it through an interface, two allocations per call, and 4 MB of
// garbage for the 4096-byte loop on seed that the collector lets pile up.
// The Go heap does not move, and runtime.KeepAlive holds the bytes.

/*
#cgo LDFLAGS: -lxxhash
#include <stdint.h>
#include <xxhash.h>

static uintptr_t new_state(void) {
  XXH3_state_t* state = XXH3_createState();
  XXH3_64bits_reset(state);
  return (uintptr_t)state;
}
static void reset(uintptr_t state) { XXH3_64bits_reset((XXH3_state_t*)state); }
static void update(uintptr_t state, uintptr_t bytes, size_t size) {
  XXH3_64bits_update((XXH3_state_t*)state, (const void*)bytes, size);
}
static uint64_t digest(uintptr_t state) {
  return XXH3_64bits_digest((XXH3_state_t*)state);
}
*/
import "C"

import (
	"encoding/binary"
	"fmt"
	"runtime"
	"unsafe"
)

type treeDigest struct {
	tree, file C.uintptr_t
	size       uint64
	record     []byte // reused for every file's record
}

func newTreeDigest() *treeDigest {
	return &treeDigest{tree: C.new_state(), file: C.new_state()}
}

func (d *treeDigest) beginFile() {
	C.reset(d.file)
	d.size = 0
}

func hash(state C.uintptr_t, p []byte) {
	if len(p) > 0 {
		C.update(state, C.uintptr_t(uintptr(unsafe.Pointer(&p[0]))),
			C.size_t(len(p)))
		runtime.KeepAlive(p)
	}
}

func (d *treeDigest) update(p []byte) {
	hash(d.file, p)
	d.size += uint64(len(p))
}

// endFile adds the file's record, under its path relative to the root.
func (d *treeDigest) endFile(relative string) {
	fileDigest := uint64(C.digest(d.file))
	d.record = append(d.record[:0], relative...)
	d.record = append(d.record, 0)
	d.record = binary.LittleEndian.AppendUint64(d.record, d.size)
	d.record = binary.LittleEndian.AppendUint64(d.record, fileDigest)
	hash(d.tree, d.record)
}

func (d *treeDigest) hex() string {
	return fmt.Sprintf("%016x", uint64(C.digest(d.tree)))
}
