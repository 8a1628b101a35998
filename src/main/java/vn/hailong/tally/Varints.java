package vn.hailong.tally;

import java.util.Arrays;

/**
 * Zigzag LEB128: small counts take one byte. Signed, so that a count driven below zero by a bug
 * reads back as the negative number it is instead of as garbage.
 */
final class Varints {

    private Varints() {
    }

    static final class Writer {
        private byte[] bytes = new byte[256];
        private int length;

        void write(long value) {
            long v = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                bytes[length++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[length++] = (byte) v;
        }

        void writeBytes(Writer other) {
            ensure(other.length);
            System.arraycopy(other.bytes, 0, bytes, length, other.length);
            length += other.length;
        }

        int length() {
            return length;
        }

        void reset() {
            length = 0;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, length);
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }

    static final class Reader {
        private final byte[] bytes;
        private int position;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long read() {
            long v = 0;
            int shift = 0;
            while (true) {
                if (position >= bytes.length) {
                    throw new IllegalStateException("rollup tally ends in the middle of a number");
                }
                byte b = bytes[position++];
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    break;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalStateException("rollup tally holds a number that is too long");
                }
            }
            return (v >>> 1) ^ -(v & 1);
        }

        int position() {
            return position;
        }

        void skip(int count) {
            position += count;
        }

        boolean more() {
            return position < bytes.length;
        }
    }
}
