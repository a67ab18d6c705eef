package dev.kintsugi.llm;

import java.util.List;

/** One edit a model reply asked for, before it is applied to a file. */
sealed interface Edit {

  /** The file the reply named for it, or null when it named none. */
  String path();

  /** Which reply form it came from, for descriptions: {@code diff}, {@code search-replace}... */
  String form();

  /** {@code SEARCH} text to be replaced by {@code REPLACE} text. */
  record SearchReplace(String path, String search, String replace) implements Edit {
    @Override
    public String form() {
      return "search-replace";
    }
  }

  /** The hunks of one file of a unified diff. */
  record FileDiff(String path, List<Hunk> hunks) implements Edit {
    public FileDiff {
      hunks = List.copyOf(hunks);
    }

    @Override
    public String form() {
      return "diff";
    }
  }

  /**
   * One hunk: the line it claims to start at (1-based, 0 when unknown) and its lines, each with its
   * prefix ({@code ' '}, {@code '-'} or {@code '+'}).
   */
  record Hunk(int oldStart, List<String> lines) {
    public Hunk {
      lines = List.copyOf(lines);
    }

    List<String> oldLines() {
      return lines.stream().filter(l -> l.charAt(0) != '+').map(l -> l.substring(1)).toList();
    }

    List<String> newLines() {
      return lines.stream().filter(l -> l.charAt(0) != '-').map(l -> l.substring(1)).toList();
    }
  }

  /** A whole compilation unit. */
  record WholeFile(String path, String code) implements Edit {
    @Override
    public String form() {
      return "whole-file";
    }
  }

  /** One or more whole methods (or constructors) replacing their namesakes. */
  record WholeMethods(String path, String code) implements Edit {
    @Override
    public String form() {
      return "whole-method";
    }
  }
}
