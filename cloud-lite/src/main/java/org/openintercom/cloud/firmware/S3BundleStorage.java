package org.openintercom.cloud.firmware;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import org.openintercom.cloud.firmware.internal.SigV4;

/**
 * Bundles as objects in an S3-compatible bucket, path-style ({@code endpoint/bucket/prefix+key}), each request
 * signed with AWS Signature Version 4 ({@link SigV4}). Uploads stream the finished file with its SHA-256 in
 * the signature (objects up to 5 GiB: one PUT); reads are ranged GETs.
 *
 * <p>Why no SDK: the AWS SDK v2 brings some twenty jars (and an HTTP client) for the four calls used here, and
 * MinIO's client brings OkHttp and Kotlin; the JDK's HTTP client and one signing class do the job.
 */
public final class S3BundleStorage implements BundleStorage {

    private final S3Settings settings;
    private final HttpClient http;
    private final SigV4 signer;

    public S3BundleStorage(S3Settings settings) {
        this(settings, Clock.systemUTC());
    }

    S3BundleStorage(S3Settings settings, Clock clock) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.signer = new SigV4(settings.accessKey(), settings.secretKey(), settings.region(), "s3", clock);
    }

    @Override
    public void put(String key, Path source) {
        try {
            String sha = SigV4.sha256Hex(source);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(key)).timeout(Duration.ofHours(2))
                    .PUT(HttpRequest.BodyPublishers.ofFile(source));
            signer.sign(b, "PUT", uri(key), sha, java.nio.file.Files.size(source));
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw failure("store", key, r.statusCode(), r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store " + key + " in " + describe() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted storing " + key));
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(key)).GET()
                .header("Range", "bytes=" + offset + "-" + (offset + length - 1));
        signer.sign(b, "GET", uri(key), SigV4.EMPTY_SHA256, -1);
        try {
            HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 404) {
                r.body().close();
                throw new NoSuchElementException("no object " + key + " in " + describe());
            }
            if (r.statusCode() != 206 && r.statusCode() != 200) {
                String body = new String(r.body().readNBytes(2000), StandardCharsets.UTF_8);
                r.body().close();
                throw failure("read", key, r.statusCode(), body);
            }
            InputStream in = r.body();
            if (r.statusCode() == 200 && offset > 0) {
                in.skipNBytes(offset);
            }
            return new DiskBundleStorage.Bounded(in, length);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key + " in " + describe() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted reading " + key));
        }
    }

    @Override
    public OptionalLong size(String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(key)).method("HEAD", HttpRequest.BodyPublishers.noBody());
        signer.sign(b, "HEAD", uri(key), SigV4.EMPTY_SHA256, -1);
        HttpResponse<Void> r = send(b, "read", key);
        if (r.statusCode() == 404) {
            return OptionalLong.empty();
        }
        if (r.statusCode() != 200) {
            throw failure("read", key, r.statusCode(), "");
        }
        return r.headers().firstValueAsLong("Content-Length");
    }

    @Override
    public boolean delete(String key) {
        if (size(key).isEmpty()) {
            return false;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(key)).DELETE();
        signer.sign(b, "DELETE", uri(key), SigV4.EMPTY_SHA256, -1);
        HttpResponse<Void> r = send(b, "delete", key);
        if (r.statusCode() / 100 != 2) {
            throw failure("delete", key, r.statusCode(), "");
        }
        return true;
    }

    @Override
    public String describe() {
        return "s3 " + settings.endpoint() + "/" + settings.bucket() + "/" + settings.prefix();
    }

    private HttpResponse<Void> send(HttpRequest.Builder b, String what, String key) {
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + what + " " + key + " in " + describe() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted: " + what + " " + key));
        }
    }

    private URI uri(String key) {
        String base = settings.endpoint().toString().replaceAll("/+$", "");
        StringBuilder path = new StringBuilder("/").append(settings.bucket());
        for (String segment : (settings.prefix() + key).split("/", -1)) {
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20")
                    .replace("%7E", "~"));
        }
        return URI.create(base + path);
    }

    private UncheckedIOException failure(String what, String key, int status, String body) {
        String code = body.replaceAll("(?s).*<Code>([^<]*)</Code>.*", "$1");
        return new UncheckedIOException(new IOException("cannot " + what + " " + key + " in " + describe()
                + ": HTTP " + status + (code.equals(body) ? "" : " " + code)));
    }
}
