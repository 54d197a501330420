import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The overload client of bench/stress.sh (CLIENT=java): like bench/wrk/acked.lua, each of
 * CONNECTIONS keep-alive connections posts one new reading of count 1 for one of 10,000
 * devices, as fast as answers come, for SECONDS; but the latency of every request is kept
 * by its answer, so the answered requests (2xx) and the shed ones (503) have percentiles
 * of their own (wrk mixes them). A connection closed by the server (a shed create's answer
 * says Connection: close) is opened again. Each connection finishes the request it has
 * sent before it stops, so the acknowledged count is exact.
 *
 * Usage: java bench/client/OverloadClient.java PORT CONNECTIONS SECONDS URLS_FILE
 */
public class OverloadClient {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int connections = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        Random random = new Random();
        String[] devices = new String[10_000];
        for (int i = 0; i < devices.length; i++) {
            devices[i] = new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                    (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48)).toString();
        }
        // Seconds of this run alone: a run never sends a duplicate of another's readings.
        long base = 946684800L + random.nextInt(20) * 100_000_000L;
        AtomicLong next = new AtomicLong();
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(port, devices, base, next, deadline);
            workers.add(worker);
            worker.start();
        }
        long acked = 0, shed = 0, refused = 0, errors = 0;
        Latencies answered = new Latencies(), sheds = new Latencies(), all = new Latencies();
        for (Worker worker : workers) {
            worker.join();
            acked += worker.acked;
            shed += worker.shed;
            refused += worker.refused;
            errors += worker.errors;
            answered.add(worker.answered);
            sheds.add(worker.sheds);
            all.add(worker.answered);
            all.add(worker.sheds);
        }
        System.out.printf("Requests/sec: %.2f%n", (double) (acked + shed + refused) / seconds);
        System.out.println("LATENCY answered(2xx) " + answered.summary());
        System.out.println("LATENCY shed(503) " + sheds.summary());
        System.out.println("LATENCY all " + all.summary());
        System.out.printf("ACKED acked=%d refused=%d shed=%d%n", acked, refused, shed);
        System.out.printf("socket errors %d%n", errors);
        StringBuilder urls = new StringBuilder();
        for (String device : devices) {
            urls.append("url = \"http://127.0.0.1:").append(port).append("/api/device-readings/").append(device)
                .append("/cumulative-count\"\n");
        }
        Files.writeString(Path.of(args[3]), urls);
    }

    static final class Worker extends Thread {

        final int port;

        final String[] devices;

        final long base;

        final AtomicLong next;

        final long deadline;

        long acked, shed, refused, errors;

        final Latencies answered = new Latencies(), sheds = new Latencies();

        Worker(int port, String[] devices, long base, AtomicLong next, long deadline) {
            this.port = port;
            this.devices = devices;
            this.base = base;
            this.next = next;
            this.deadline = deadline;
        }

        @Override
        public void run() {
            Socket socket = null;
            while (System.nanoTime() - this.deadline < 0) {
                try {
                    if (socket == null) {
                        socket = new Socket("127.0.0.1", this.port);
                        socket.setSoTimeout(30_000);
                        socket.setTcpNoDelay(true);
                    }
                    long n = this.next.incrementAndGet();
                    byte[] body = ("{\"id\": \"" + this.devices[(int) (n % this.devices.length)]
                            + "\", \"readings\": [{\"count\": 1, \"timestamp\": \""
                            + Instant.ofEpochSecond(this.base + n) + "\"}]}").getBytes(StandardCharsets.US_ASCII);
                    byte[] head = ("POST /api/device-readings/create HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                    byte[] request = Arrays.copyOf(head, head.length + body.length);
                    System.arraycopy(body, 0, request, head.length, body.length);
                    long start = System.nanoTime();
                    OutputStream out = socket.getOutputStream();
                    out.write(request);
                    out.flush();
                    Response response = Response.read(socket.getInputStream());
                    long micros = (System.nanoTime() - start) / 1000;
                    if (response.status / 100 == 2) {
                        this.acked++;
                        this.answered.record(micros);
                    }
                    else if (response.status == 503) {
                        this.shed++;
                        this.sheds.record(micros);
                    }
                    else {
                        this.refused++;
                    }
                    if (response.close) {
                        socket.close();
                        socket = null;
                    }
                }
                catch (IOException ex) {
                    this.errors++;
                    try {
                        if (socket != null) {
                            socket.close();
                        }
                    }
                    catch (IOException ignored) {
                    }
                    socket = null;
                }
            }
            try {
                if (socket != null) {
                    socket.close();
                }
            }
            catch (IOException ignored) {
            }
        }

    }

    record Response(int status, boolean close) {

        static Response read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = 0;
            boolean close = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(lower.substring(15).trim());
                }
                else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            in.readNBytes(length);
            return new Response(status, close);
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

    }

    static final class Latencies {

        private long[] micros = new long[1024];

        private int size;

        void record(long value) {
            if (this.size == this.micros.length) {
                this.micros = Arrays.copyOf(this.micros, this.size * 2);
            }
            this.micros[this.size++] = value;
        }

        void add(Latencies other) {
            for (int i = 0; i < other.size; i++) {
                record(other.micros[i]);
            }
        }

        String summary() {
            if (this.size == 0) {
                return "n=0";
            }
            long[] sorted = Arrays.copyOf(this.micros, this.size);
            Arrays.sort(sorted);
            return String.format("n=%d p50=%.1fms p99=%.1fms max=%.1fms", this.size, at(sorted, 0.50) / 1000.0,
                    at(sorted, 0.99) / 1000.0, sorted[sorted.length - 1] / 1000.0);
        }

        private static long at(long[] sorted, double quantile) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
        }

    }

}
