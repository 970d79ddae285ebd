package gpkg

import "strings"

// uriEscaper escapes the characters that end or change the path of an
// SQLite URI filename: '?' starts the query, '#' the fragment, and '%'
// starts an escape that SQLite decodes.
var uriEscaper = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23")

// FileURI returns the SQLite URI ("file:…") that opens the file at path,
// with query (already encoded, "" for none) after it. A path holding '?',
// '#' or '%' (a folder named "set #2", a file "what?.gpkg") is escaped, so
// that SQLite opens that file and not the one named by the part before the
// character.
func FileURI(path, query string) string {
	uri := "file:" + uriEscaper.Replace(path)
	if query != "" {
		uri += "?" + query
	}
	return uri
}
