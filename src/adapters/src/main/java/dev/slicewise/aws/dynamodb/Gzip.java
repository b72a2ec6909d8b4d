package dev.slicewise.aws.dynamodb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** The large JSON attributes of the state table (analysis context, apply journal entries) are stored gzip-compressed. */
final class Gzip {
    private Gzip() {}

    static byte[] pack(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** @param what names the attribute in the error when it is not readable */
    static byte[] unpack(byte[] packed, String what) {
        try (GZIPInputStream z = new GZIPInputStream(new ByteArrayInputStream(packed))) {
            return z.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("stored " + what + " is not readable", e);
        }
    }
}
