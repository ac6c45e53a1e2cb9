# `make run` and `make test` set everything up on a fresh machine and are quick once done.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE := examples/sample-site
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean bundle bundle-check

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
	$(BIN)/ruff check editor tests bench packaging tools
	$(BIN)/mypy --strict editor/core

bench: $(STAMP)
	$(BIN)/python bench/load_save.py
	$(BIN)/python bench/preview.py
	$(BIN)/python bench/spelling.py
	$(BIN)/python bench/long_post.py
	$(BIN)/python bench/index.py
	$(BIN)/python bench/covers.py
	$(BIN)/python bench/git_status.py

clean:
	rm -rf $(VENV) build dist *.egg-info

# The desktop bundle (packaging/): dist/post-editor/, a folder that runs without Python,
# and dist/post-editor-<version>-linux-<arch>.tar.gz with it and install.sh.
# The bundle is rebuilt when the program, the spec or the installed packages change.
PYINSTALLER_REQ := pyinstaller>=6.22,<7
PYINSTALLER_STAMP := $(VENV)/.pyinstaller
VERSION := $(shell sed -n 's/^version *= *"\([^"]*\)".*/\1/p' pyproject.toml | head -n 1)
ARCH := $(shell uname -m)
BUNDLE := dist/post-editor
RELEASE := post-editor-$(VERSION)-linux-$(ARCH)
TARBALL := dist/$(RELEASE).tar.gz
BUNDLE_INPUTS := pyproject.toml packaging/post-editor.spec packaging/launcher.py \
	$(shell find editor -type f ! -path '*/__pycache__/*' ! -name '*.pyc' 2>/dev/null)

$(PYINSTALLER_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet '$(PYINSTALLER_REQ)'
	touch $(PYINSTALLER_STAMP)

$(BUNDLE)/post-editor: $(BUNDLE_INPUTS) $(PYINSTALLER_STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		packaging/post-editor.spec
	touch $(BUNDLE)/post-editor

$(TARBALL): $(BUNDLE)/post-editor packaging/install.sh
	rm -rf build/release
	mkdir -p build/release/$(RELEASE)
	cp -al $(BUNDLE) build/release/$(RELEASE)/post-editor 2>/dev/null \
		|| cp -a $(BUNDLE) build/release/$(RELEASE)/post-editor
	cp packaging/install.sh build/release/$(RELEASE)/install.sh
	chmod 755 build/release/$(RELEASE)/install.sh
	tar --sort=name --owner=0 --group=0 --numeric-owner -C build/release -czf $(TARBALL).part $(RELEASE)
	mv $(TARBALL).part $(TARBALL)
	rm -rf build/release

bundle: $(TARBALL)
	@du -sh $(BUNDLE) $(TARBALL)

bundle-check: bundle
	$(BIN)/python packaging/bundle_check.py --bundle $(BUNDLE) --tarball $(TARBALL)
