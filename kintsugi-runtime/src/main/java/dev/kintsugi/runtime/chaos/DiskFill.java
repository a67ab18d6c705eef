package dev.kintsugi.runtime.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.ConfigNode;
import dev.kintsugi.runtime.RuntimeConfigException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code fill_disk(path, bytes)} writes a filler file until it holds {@code bytes} or the disk is
 * full; {@code release_disk(path)} deletes it. Both only inside the experiment's sandbox directory
 * ({@code configuration.kintsugi_sandbox_dir}): checked when the file is read and again, on real
 * paths, when the activity runs. A relative path is inside the sandbox.
 *
 * @param bytes how much to write; empty to release
 */
record DiskFill(Path path, OptionalLong bytes, Path sandbox) implements Provider {

  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,15})\\s*(B|KB|KIB|MB|MIB|GB|GIB)?", Pattern.CASE_INSENSITIVE);
  private static final int CHUNK = 1024 * 1024;

  static DiskFill fill(JsonNode arguments, String at, Builtins.Call call)
      throws RuntimeConfigException {
    ConfigNode a = ConfigNode.of(arguments, at, List.of("path", "bytes"));
    Path sandbox = sandbox(call);
    return new DiskFill(inside(a, sandbox), OptionalLong.of(bytes(a)), sandbox);
  }

  static DiskFill release(JsonNode arguments, String at, Builtins.Call call)
      throws RuntimeConfigException {
    ConfigNode a = ConfigNode.of(arguments, at, List.of("path"));
    Path sandbox = sandbox(call);
    return new DiskFill(inside(a, sandbox), OptionalLong.empty(), sandbox);
  }

  private static Path sandbox(Builtins.Call call) throws RuntimeConfigException {
    return call.settings()
        .sandboxDir()
        .map(p -> p.toAbsolutePath().normalize())
        .orElseThrow(
            () ->
                new RuntimeConfigException(
                    "configuration." + ExperimentSettings.SANDBOX,
                    "is required by "
                        + call
                        + ": disks are filled only inside the experiment's sandbox directory"));
  }

  private static Path inside(ConfigNode a, Path sandbox) throws RuntimeConfigException {
    Path path = sandbox.resolve(a.text("path")).normalize();
    if (!path.startsWith(sandbox) || path.equals(sandbox)) {
      throw new RuntimeConfigException(
          a.path("path"),
          "\""
              + path
              + "\" is outside the experiment's sandbox directory (configuration."
              + ExperimentSettings.SANDBOX
              + ": "
              + sandbox
              + ")");
    }
    return path;
  }

  private static long bytes(ConfigNode a) throws RuntimeConfigException {
    JsonNode b = a.get("bytes");
    if (b == null || b.isNull()) {
      throw new RuntimeConfigException(a.path("bytes"), "is required");
    }
    long n;
    if (b.isIntegralNumber() && b.canConvertToLong()) {
      n = b.longValue();
    } else {
      Matcher m = b.isTextual() ? SIZE.matcher(b.textValue().trim()) : null;
      if (m == null || !m.matches()) {
        throw new RuntimeConfigException(
            a.path("bytes"), "must be a whole number of bytes or a size such as 512MB or 2GB");
      }
      String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
      long scale =
          switch (unit) {
            case "KB", "KIB" -> 1L << 10;
            case "MB", "MIB" -> 1L << 20;
            case "GB", "GIB" -> 1L << 30;
            default -> 1;
          };
      n = Math.multiplyExact(Long.parseLong(m.group(1)), scale);
    }
    if (n < 1) {
      throw new RuntimeConfigException(a.path("bytes"), "must be at least 1");
    }
    return n;
  }

  @Override
  public JsonNode call(RunContext context) throws ActivityFailed {
    Path real = checked();
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("path", path.toString());
    if (bytes.isEmpty()) {
      try {
        out.put("deleted", Files.deleteIfExists(real));
      } catch (IOException e) {
        throw new ActivityFailed("cannot delete " + path + ": " + e.getMessage());
      }
      return out;
    }
    long written = 0;
    String stopped = "bytes";
    try (FileChannel file =
        FileChannel.open(real, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer zeros = ByteBuffer.allocate(CHUNK);
      while (written < bytes.getAsLong()) {
        zeros.clear().limit((int) Math.min(CHUNK, bytes.getAsLong() - written));
        try {
          while (zeros.hasRemaining()) {
            written += file.write(zeros);
          }
        } catch (IOException e) {
          if (!diskFull(e)) {
            throw e;
          }
          stopped = "disk full";
          break;
        }
      }
      try {
        file.force(false);
      } catch (IOException e) {
        if (!diskFull(e)) {
          throw e;
        }
        stopped = "disk full";
      }
    } catch (FileAlreadyExistsException e) {
      throw new ActivityFailed(
          path + " already exists (left by an earlier run? release_disk deletes it)");
    } catch (IOException e) {
      throw new ActivityFailed(
          "filling " + path + " failed after " + written + " bytes: " + e.getMessage());
    }
    out.put("bytes_written", written);
    out.put("stopped_at", stopped);
    return out;
  }

  /** The path after resolving the links of its directory, refused when it leaves the sandbox. */
  private Path checked() throws ActivityFailed {
    try {
      Path realSandbox = sandbox.toRealPath();
      Path parent = path.getParent().toRealPath();
      Path real = parent.resolve(path.getFileName());
      if (!real.startsWith(realSandbox) || real.equals(realSandbox)) {
        throw new ActivityFailed(
            path + " is outside the experiment's sandbox directory " + sandbox);
      }
      if (Files.isSymbolicLink(real) || Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
        throw new ActivityFailed(path + " is a link or a directory, not a filler file");
      }
      return real;
    } catch (IOException e) {
      throw new ActivityFailed(
          "the sandbox directory or " + path.getParent() + " is not there: " + e.getMessage());
    }
  }

  private static boolean diskFull(IOException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    return m.contains("no space left") || m.contains("disk quota exceeded");
  }
}
