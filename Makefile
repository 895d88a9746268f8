# hosting.mail developer entry points. Everything runs from a virtualenv (.venv) built from the
# pinned files in tests/requirements/, so a fresh machine needs only Python 3.12 or later and make.

# ansible-core 2.21, the pipeline's, needs Python 3.12 or later: tools/find_python.py (run by any python3) looks on
# PATH and under pyenv, whose shims fail with a fresh HOME. PYTHON=/path/to/python3.x overrides; empty if none.
BOOTSTRAP_PYTHON ?= python3
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell $(BOOTSTRAP_PYTHON) tools/find_python.py --at-least 3.12)
endif
NO_PYTHON := ansible-core 2.21 needs Python 3.12 or later: install it (pyenv install 3.12) or set PYTHON=...
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat tests/requirements/dev.txt tests/requirements/constraints.txt | cksum | cut -d' ' -f1)

.PHONY: help demo test sanity units lint build compat bench mutation ee venv requirements-lock clean docs docs-check

help:
	@echo "make demo    run the demo playbooks against the bundled panel simulators (ansible-core 2.19 if no Python 3.12+)"
	@echo "make test    run every test on ansible-core 2.21 (Python 3.12+), and on 2.19 (Python 3.11) and 2.20 (3.12)"
	@echo "make sanity | units | lint | build    one stage of the test pipeline"
	@echo "make compat  build, sanity and units on ansible-core 2.19, 2.20 and 2.21 (integration on 2.19)"
	@echo "make bench   benchmarks against the simulators (writes docs/benchmarks.md)"
	@echo "make mutation  mutation testing of the planning and answer-reading code (cosmic-ray; FILES=..., JOBS=...)"
	@echo "make ee      build context for the execution environment image (.build/ee/context)"
	@echo "make docs    the HTML docs site, guides included (.build/docs/html); make docs-check: look at it in Chromium"
	@echo "make clean   remove the virtualenv and build artefacts"

$(STAMP): tests/requirements/dev.txt tests/requirements/constraints.txt
	@$(if $(PYTHON),:,echo "$(NO_PYTHON)" >&2; exit 1)
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/requirements/dev.txt -c tests/requirements/constraints.txt
	$(VPY) tools/seed_ansible_test_cache.py
	touch $@

venv: $(STAMP)

ifneq ($(PYTHON),)
demo: $(STAMP)
	$(VPY) tools/demo.py
else
# No Python 3.12+: the demo still runs, on ansible-core 2.19 (the oldest claimed) in a virtualenv of python3 (3.11)
# from the pins of tests/requirements/compat-2.19.txt.
DEMO_VENV := .cache/demo-2.19
DEMO_STAMP := $(DEMO_VENV)/.installed-$(shell cksum < tests/requirements/compat-2.19.txt | cut -d' ' -f1)
$(DEMO_STAMP): tests/requirements/compat-2.19.txt
	rm -rf $(DEMO_VENV)
	$(BOOTSTRAP_PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r tests/requirements/compat-2.19.txt
	touch $@

demo: $(DEMO_STAMP)
	@echo "No Python 3.12 or later here: the demo runs on ansible-core 2.19 and $$($(DEMO_VENV)/bin/python --version)."
	$(DEMO_VENV)/bin/python tools/demo.py
endif

test: $(STAMP)
	$(VPY) tools/test_pipeline.py

sanity units lint build: $(STAMP)
	$(VPY) tools/test_pipeline.py $@

# The oldest ansible-core that meta/runtime.yml claims, the next, and the pipeline's, each in its own virtualenv
# (.cache/compat-<series>/, from tests/requirements/compat-<series>.txt, on the Python it finds); no .venv needed.
compat:
	$(BOOTSTRAP_PYTHON) tools/compat.py

# Benchmarks against the simulators: writes docs/benchmarks.md and docs/benchmarks.png (several minutes), then the
# docs site's copy of that guide (the docsite stage fails when it is out of step).
bench: $(STAMP)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/requirements/bench.txt
	$(VPY) tools/bench.py
	$(VPY) tools/docsite.py convert

# Mutation testing (cosmic-ray, in its own .cache/mutation-venv from tests/requirements/mutation.txt) of the planning
# and answer-reading code, in copies of the checkout under .cache/mutation/; not part of `make test` (about 25 minutes
# with JOBS=2, 35 with one). FILES=plugins/module_utils/_brainycp.py picks files; see docs/reliability.md.
FILES ?=
JOBS ?= 1
mutation: $(STAMP)
	$(VPY) tools/mutation.py --jobs $(JOBS) $(FILES)

# Execution environment: the artefact under the fixed name execution-environment.yml expects, then
# the ansible-builder context. Building the image needs podman or docker: see docs/execution-environment.md.
ee: $(STAMP)
	rm -rf .build/ee
	$(VENV)/bin/ansible-galaxy collection build --force --output-path .build/ee
	mv .build/ee/hosting-mail-*.tar.gz .build/ee/hosting-mail.tar.gz
	$(VENV)/bin/ansible-builder create --file execution-environment.yml --context .build/ee/context
	@echo "Next: podman build -t hosting-mail-ee .build/ee/context"

# The docs site (antsibull-docs + Sphinx, warnings fail): docs/*.md -> docs/docsite/rst/*.rst, then .build/docs/html.
# docs-check loads its pages in headless Chromium (apt-get install -y chromium) and keeps screenshots in .build/docs/.
docs: $(STAMP)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/requirements/docs.txt -c tests/requirements/constraints.txt
	$(VPY) tools/docsite.py build

docs-check: docs
	$(VPY) tools/docsite.py check

# After changing a pin in tests/requirements/dev.txt: rebuild the full pin set from a clean venv.
requirements-lock:
	@$(if $(PYTHON),:,echo "$(NO_PYTHON)" >&2; exit 1)
	rm -rf .cache/lock-venv
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/python -m pip install --quiet -r tests/requirements/dev.txt
	{ echo '# Full pin set for tests/requirements/dev.txt: `pip freeze` of the pipeline virtualenv (make requirements-lock).'; \
	  .cache/lock-venv/bin/python -m pip freeze --exclude-editable; } > tests/requirements/constraints.txt

clean:
	rm -rf $(VENV) .build .cache tests/output
