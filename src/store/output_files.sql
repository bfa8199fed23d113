-- The files ptreg wrote that hold personal data (`export --out` and the
-- `--reject` files), by canonical path, so that `contact erase` can find
-- them (Art. 29.5).
CREATE TABLE output_file (
    path TEXT PRIMARY KEY,
    command TEXT NOT NULL,
    written TEXT NOT NULL
);
