package shapefile

import (
	"fmt"
	"strconv"
	"strings"
)

// wktNode is one WKT element: KEYWORD[arg, arg, ...]. An argument is a string (quoted
// or a bare word such as NORTH), a number, or a nested element.
type wktNode struct {
	keyword string // upper-cased
	texts   []string
	numbers []float64
	nodes   []*wktNode
}

// maxWKTDepth bounds nesting; real CRS definitions stay under ten levels.
const maxWKTDepth = 32

// parseWKT parses a single WKT element (WKT1 or WKT2, square or round brackets)
// with nothing but blanks after it.
func parseWKT(s string) (*wktNode, error) {
	p := &wktParser{s: s}
	n, err := p.node(0)
	if err != nil {
		return nil, err
	}
	p.blanks()
	if p.at < len(p.s) {
		return nil, fmt.Errorf("offset %d: text after the closing bracket", p.at)
	}
	return n, nil
}

type wktParser struct {
	s  string
	at int
}

func (p *wktParser) blanks() {
	for p.at < len(p.s) && strings.IndexByte(" \t\r\n", p.s[p.at]) >= 0 {
		p.at++
	}
}

func (p *wktParser) word() string {
	start := p.at
	for p.at < len(p.s) {
		c := p.s[p.at]
		if c == '_' || c == '.' || c == '-' || c == '+' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			p.at++
			continue
		}
		break
	}
	return p.s[start:p.at]
}

func (p *wktParser) node(depth int) (*wktNode, error) {
	if depth > maxWKTDepth {
		return nil, fmt.Errorf("offset %d: nested more than %d levels", p.at, maxWKTDepth)
	}
	p.blanks()
	kw := p.word()
	if kw == "" {
		return nil, fmt.Errorf("offset %d: want a keyword", p.at)
	}
	p.blanks()
	if p.at >= len(p.s) || (p.s[p.at] != '[' && p.s[p.at] != '(') {
		return nil, fmt.Errorf("offset %d: want [ after %s", p.at, kw)
	}
	closing := byte(']')
	if p.s[p.at] == '(' {
		closing = ')'
	}
	p.at++
	n := &wktNode{keyword: strings.ToUpper(kw)}
	for {
		p.blanks()
		if p.at >= len(p.s) {
			return nil, fmt.Errorf("offset %d: %s is not closed", p.at, kw)
		}
		switch c := p.s[p.at]; {
		case c == '"':
			text, err := p.quoted()
			if err != nil {
				return nil, err
			}
			n.texts = append(n.texts, text)
		default:
			save := p.at
			w := p.word()
			if w == "" {
				return nil, fmt.Errorf("offset %d: unexpected %q", p.at, c)
			}
			p.blanks()
			if p.at < len(p.s) && (p.s[p.at] == '[' || p.s[p.at] == '(') {
				p.at = save
				child, err := p.node(depth + 1)
				if err != nil {
					return nil, err
				}
				n.nodes = append(n.nodes, child)
			} else if f, err := strconv.ParseFloat(w, 64); err == nil {
				n.numbers = append(n.numbers, f)
			} else {
				n.texts = append(n.texts, w)
			}
		}
		p.blanks()
		if p.at >= len(p.s) {
			return nil, fmt.Errorf("offset %d: %s is not closed", p.at, kw)
		}
		switch p.s[p.at] {
		case ',':
			p.at++
		case closing:
			p.at++
			return n, nil
		default:
			return nil, fmt.Errorf("offset %d: want , or %c in %s", p.at, closing, kw)
		}
	}
}

// quoted reads a double-quoted string; a doubled quote inside stands for one.
func (p *wktParser) quoted() (string, error) {
	var b strings.Builder
	for p.at++; p.at < len(p.s); p.at++ {
		c := p.s[p.at]
		if c != '"' {
			b.WriteByte(c)
			continue
		}
		if p.at+1 < len(p.s) && p.s[p.at+1] == '"' {
			b.WriteByte('"')
			p.at++
			continue
		}
		p.at++
		return b.String(), nil
	}
	return "", fmt.Errorf("offset %d: string is not closed", p.at)
}

// child returns the first direct child with one of the keywords, or nil.
func (n *wktNode) child(keywords ...string) *wktNode {
	for _, c := range n.nodes {
		for _, k := range keywords {
			if c.keyword == k {
				return c
			}
		}
	}
	return nil
}

// find returns the first element with one of the keywords, depth first, or nil.
func (n *wktNode) find(keywords ...string) *wktNode {
	if c := n.child(keywords...); c != nil {
		return c
	}
	for _, c := range n.nodes {
		if f := c.find(keywords...); f != nil {
			return f
		}
	}
	return nil
}

// name is the element's first string argument, "" when it has none.
func (n *wktNode) name() string {
	if len(n.texts) == 0 {
		return ""
	}
	return n.texts[0]
}
