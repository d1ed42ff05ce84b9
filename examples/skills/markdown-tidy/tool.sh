#!/bin/sh
# The tool never runs: clawrun refuses the skill first.
echo "markdown-tidy ran"
