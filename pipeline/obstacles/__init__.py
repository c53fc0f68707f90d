"""Obstacle themes: Dutch free-text answers grouped by a codebook, with emergent groups and learn-from pairs."""

from pipeline.obstacles.codebook import (
    Codebook,
    EmergentGroup,
    Theme,
    append_theme,
    builtin_codebook_path,
    load_codebook,
    promote_group,
    save_codebook,
)
from pipeline.obstacles.estimator import ObstacleThemer
from pipeline.obstacles.learn import learn_from_pairs
from pipeline.obstacles.text import is_non_answer, normalise
from pipeline.obstacles.themes import ObstacleThemes, initiative_key, theme_obstacles

__all__ = [
    "Codebook",
    "EmergentGroup",
    "ObstacleThemer",
    "ObstacleThemes",
    "Theme",
    "append_theme",
    "builtin_codebook_path",
    "initiative_key",
    "is_non_answer",
    "learn_from_pairs",
    "load_codebook",
    "normalise",
    "promote_group",
    "save_codebook",
    "theme_obstacles",
]
