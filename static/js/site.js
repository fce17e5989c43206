// Site behaviour (no inline scripts: the Content Security Policy forbids them).
