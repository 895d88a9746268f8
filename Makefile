# hosting.mail developer entry points. Everything runs from a virtualenv (.venv) built from the
# pinned files in tests/requirements/, so a fresh machine needs only Python 3 and make.

PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat tests/requirements/dev.txt tests/requirements/constraints.txt | cksum | cut -d' ' -f1)

.PHONY: help demo test sanity units lint build compat bench mutation ee venv requirements-lock clean docs docs-check

help:
	@echo "make demo    run the demo playbooks against the bundled panel simulators"
	@echo "make test    run every test (every stage of tools/test_pipeline.py, ansible-core 2.16 and 2.21 included)"
	@echo "make sanity | units | lint | build    one stage of the test pipeline"
	@echo "make compat  sanity and units on ansible-core 2.16, 2.19 and 2.21 (integration on 2.16 and 2.21)"
	@echo "make bench   benchmarks against the simulators (writes docs/benchmarks.md)"
	@echo "make mutation  mutation testing of the planning and answer-reading code (cosmic-ray; FILES=..., JOBS=...)"
	@echo "make ee      build context for the execution environment image (.build/ee/context)"
	@echo "make docs    the HTML docs site, guides included (.build/docs/html); make docs-check: look at it in Chromium"
	@echo "make clean   remove the virtualenv and build artefacts"

$(STAMP): tests/requirements/dev.txt tests/requirements/constraints.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/requirements/dev.txt -c tests/requirements/constraints.txt
	$(VPY) tools/seed_ansible_test_cache.py
	touch $@

venv: $(STAMP)

demo: $(STAMP)
	$(VPY) tools/demo.py

test: $(STAMP)
	$(VPY) tools/test_pipeline.py

sanity units lint build: $(STAMP)
	$(VPY) tools/test_pipeline.py $@

# The oldest ansible-core that meta/runtime.yml claims and the newest, each in its own virtualenv
# (.cache/compat-<series>/, from tests/requirements/compat-<series>.txt); no .venv needed.
compat:
	$(PYTHON) tools/compat.py

# Benchmarks against the simulators: writes docs/benchmarks.md and docs/benchmarks.png (several minutes).
bench: $(STAMP)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r tests/requirements/bench.txt
	$(VPY) tools/bench.py

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
	rm -rf .cache/lock-venv
	$(PYTHON) -m venv .cache/lock-venv
	.cache/lock-venv/bin/python -m pip install --quiet -r tests/requirements/dev.txt
	{ echo '# Full pin set for tests/requirements/dev.txt: `pip freeze` of the pipeline virtualenv (make requirements-lock).'; \
	  .cache/lock-venv/bin/python -m pip freeze --exclude-editable; } > tests/requirements/constraints.txt

clean:
	rm -rf $(VENV) .build .cache tests/output
