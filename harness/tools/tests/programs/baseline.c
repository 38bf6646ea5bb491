/* Pattern: no allocations of its own. Its peak is the baseline every other
 * program adds to: the 72,704-byte libstdc++ emergency pool (the programs
 * link libstdc++ like heapbound-case, so all three tools see the pool). */
int main(void) { return 0; }
