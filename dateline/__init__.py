"""Dateline: news articles in, a dated and sourced timeline of political events out."""
