"""What the build writes beside the pages: the search index, feeds, JSON-LD, the data package,
the CSV/JSON/BibTeX downloads, sitemaps and the PDF books."""
