package dev.settle.ledger;

import java.util.Arrays;

/**
 * A binary min-heap of the open pending transfers that have a timeout, ordered by expiry time and
 * then by creation timestamp (unique), so expiry order is a total order and deterministic.
 * Each pending slot knows its heap position, so posting or voiding removes it in O(log n).
 */
final class ExpiryQueue {
    private final PendingTable pendings;
    private int[] heap = new int[64];
    private int size;

    ExpiryQueue(PendingTable pendings) {
        this.pendings = pendings;
    }

    int size() {
        return size;
    }

    /** The slot that expires first, or -1. */
    int peek() {
        return size == 0 ? -1 : heap[0];
    }

    void add(int slot) {
        Invariants.check(pendings.heapPosition[slot] == -1, "a pending transfer is queued once");
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, heap.length * 2);
        }
        heap[size] = slot;
        pendings.heapPosition[slot] = size;
        size++;
        siftUp(size - 1);
    }

    void remove(int slot) {
        int position = pendings.heapPosition[slot];
        Invariants.check(position >= 0 && position < size && heap[position] == slot, "heap position agrees");
        size--;
        pendings.heapPosition[slot] = -1;
        if (position == size) {
            return;
        }
        int last = heap[size];
        heap[position] = last;
        pendings.heapPosition[last] = position;
        siftDown(position);
        siftUp(pendings.heapPosition[last]);
    }

    private boolean before(int slotA, int slotB) {
        long a = pendings.expiresAt(slotA);
        long b = pendings.expiresAt(slotB);
        if (a != b) {
            return a < b;
        }
        return pendings.timestamp(slotA) < pendings.timestamp(slotB);
    }

    private void siftUp(int position) {
        int at = position;
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(heap[at], heap[parent])) {
                break;
            }
            swap(at, parent);
            at = parent;
        }
    }

    private void siftDown(int position) {
        int at = position;
        while (true) {
            int left = 2 * at + 1;
            if (left >= size) {
                break;
            }
            int right = left + 1;
            int smallest = right < size && before(heap[right], heap[left]) ? right : left;
            if (!before(heap[smallest], heap[at])) {
                break;
            }
            swap(at, smallest);
            at = smallest;
        }
    }

    private void swap(int a, int b) {
        int slotA = heap[a];
        int slotB = heap[b];
        heap[a] = slotB;
        heap[b] = slotA;
        pendings.heapPosition[slotB] = a;
        pendings.heapPosition[slotA] = b;
    }
}
