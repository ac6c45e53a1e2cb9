# `make run` and `make test` set everything up on a fresh machine and are quick once done.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE := examples/sample-site
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/post-editor $(SITE)

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen QTWEBENGINE_CHROMIUM_FLAGS="--no-sandbox" $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check editor tests bench
	$(BIN)/mypy --strict editor/core

bench: $(STAMP)
	$(BIN)/python bench/load_save.py
	$(BIN)/python bench/preview.py
	$(BIN)/python bench/long_post.py
	$(BIN)/python bench/index.py
	$(BIN)/python bench/covers.py

clean:
	rm -rf $(VENV) build *.egg-info
