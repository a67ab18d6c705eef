#!/usr/bin/env python3
"""A scripted model on the OpenAI chat-completions wire protocol, for bench/llm/self-correction.sh.

It answers like a model that gets a bug wrong until it is told why: while the user prompt holds no
verdict of an earlier attempt, it proposes a patch that compiles but changes nothing (a comment);
once the prompt carries the rejected attempt with the failing test's evidence, it proposes the
fix from the corpus' answer key. Every prompt is saved, numbered, under the log directory.

Usage: scripted_openai.py PORT FIX_DIFF LOG_DIR
"""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

PORT, FIX_DIFF, LOG_DIR = int(sys.argv[1]), sys.argv[2], sys.argv[3]
os.makedirs(LOG_DIR, exist_ok=True)


def search_replace(diff_text, fixed):
    """SEARCH/REPLACE blocks from a unified diff: each hunk's old lines → its new lines (fixed),
    or → its old lines plus a no-op comment (not fixed)."""
    blocks, path, old, new = [], None, [], []

    def flush():
        if path and old:
            replace = new if fixed else [old[0] + " // reviewed"] + old[1:]
            blocks.append("%s\n```java\n<<<<<<< SEARCH\n%s\n=======\n%s\n>>>>>>> REPLACE\n```"
                          % (path, "\n".join(old), "\n".join(replace)))

    for line in diff_text.splitlines():
        if line.startswith("+++ "):
            path = line[4:].strip()
            path = path[2:] if path.startswith("b/") else path
        elif line.startswith("--- ") or line.startswith("diff ") or line.startswith("index "):
            continue
        elif line.startswith("@@"):
            flush()
            old, new = [], []
        elif line.startswith("-"):
            old.append(line[1:])
        elif line.startswith("+"):
            new.append(line[1:])
        elif line.startswith(" "):
            old.append(line[1:])
            new.append(line[1:])
    flush()
    return "\n\n".join(blocks)


with open(FIX_DIFF, encoding="utf-8") as fh:
    DIFF = fh.read()
COUNT = [0]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        prompt = "\n".join(m.get("content", "") for m in body.get("messages", [])
                           if m.get("role") == "user")
        COUNT[0] += 1
        with open(os.path.join(LOG_DIR, "prompt-%02d.txt" % COUNT[0]), "w", encoding="utf-8") as fh:
            fh.write(prompt)
        told = "Verdict: rejected by gate" in prompt
        text = ("Diagnosis: " + ("the earlier attempt changed nothing the test observes; "
                                 "the fix the evidence points to:" if told else
                                 "this line looks right; a small clarification:")
                + "\n\n" + search_replace(DIFF, told))
        reply = {"id": "scripted-%d" % COUNT[0], "object": "chat.completion", "created": 0,
                 "model": body.get("model", "scripted"),
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": text}}],
                 "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": len(text) // 4,
                           "total_tokens": (len(prompt) + len(text)) // 4}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


HTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
