//! Requests written by someone who never saw the reader: a helper agent,
//! asked (2026-12-03) for 40 ways a viewer names one film to a voice remote
//! ("{t}" the title; at most 8 with the word "like") and 40 requests that
//! name no film, with everyday words that might also be titles. Written
//! after the reader's rules for references without a strong cue were
//! committed (a7a5e63) and read only then: eval-query's held-out frames.

/// Frames around a reference title ({t}), as the helper wrote them.
pub const REFERENCE_FRAMES: &[&str] = &[
    "something like {t} but funnier",
    "scarier than {t}",
    "more movies like {t}",
    "i loved {t}, what should i watch next",
    "if i liked {t} what else would i enjoy",
    "anything in the spirit of {t}",
    "something along the lines of {t}",
    "{t} but for kids",
    "{t} but set in space",
    "we just finished {t}, find us another one",
    "show me films similar to {t}",
    "what's similar to {t}?",
    "i want another {t}",
    "give me something that feels the way {t} felt",
    "anything with the same vibe as {t}",
    "we really enjoyed {t} last night, got anything else",
    "a movie like {t} but less violent",
    "{t} was amazing, more of that please",
    "my kids are obsessed with {t}, what else would they watch",
    "find me something that's a mix of {t} and a heist film",
    "what should i watch after {t}?",
    "recommendations based on {t}",
    "anything by the same director as {t}",
    "movies with the same kind of twist as {t}",
    "something darker than {t}",
    "{t} meets a road trip movie",
    "i'm in the mood for another {t}",
    "what do people who loved {t} watch?",
    "got anything in the same vein as {t}",
    "{t} but a bit shorter",
    "play something that'll scratch the same itch as {t}",
    "a romantic comedy like {t}",
    "a horror movie that's as good as {t}",
    "something with the same feel as {t} but newer",
    "i've seen {t} like five times, find me something similar",
    "a bit faster paced than {t} please",
    "anything that reminds me of {t}",
    "recommend a film for someone who loves {t}",
    "an older movie in the style of {t}",
    "a thriller that keeps you guessing the way {t} did",
];

/// Requests that name no film, as the helper wrote them.
pub const NO_TITLE_REQUESTS: &[&str] = &[
    "something for a rainy sunday",
    "a feel good movie for friday night",
    "what's good tonight",
    "i want something scary for halloween",
    "a christmas movie for the whole family",
    "something funny, i had a rough day",
    "a love story to watch with my wife",
    "movies set in paris",
    "something to watch in this summer heat",
    "an old western from the fifties",
    "something short, under ninety minutes",
    "a good cry kind of movie",
    "cartoons for a five year old",
    "something with dinosaurs",
    "a movie about a dog",
    "i'm bored, surprise me",
    "a date night movie",
    "something light before bed",
    "a true story about the ocean",
    "an action movie with lots of explosions",
    "black and white classics",
    "something for thanksgiving with the in-laws",
    "a spooky movie but not too gory",
    "films about war",
    "a road trip movie",
    "a space adventure for the kids",
    "something from the eighties",
    "a mystery for a cold winter night",
    "a movie about coming home",
    "what's new this week",
    "something in spanish with subtitles",
    "a musical we can sing along to",
    "a movie about friendship",
    "happy endings only please",
    "something to watch on a lazy saturday morning",
    "a heist movie with a clever twist",
    "something set in new york in the fall",
    "an animated film about a family",
    "a sad movie, i'm feeling blue",
    "anything with a big storm or a flood",
];

/// The frames whose own words ask for no genre: no genre name or synonym and
/// no cue such as "funnier", "scarier", "for kids", "set in space", "heist",
/// "darker", "twist", "violent", "faster paced" or "road trip". A genre read
/// on one of them comes from the title or from nothing, and filters the
/// answer. Labelled by their words on 2026-12-04, after a handful of framed
/// requests had been read by hand ("Ghostbusters but a bit shorter" was read
/// as a Western).
pub const FRAMES_ASKING_NO_GENRE: &[&str] = &[
    "more movies like {t}",
    "i loved {t}, what should i watch next",
    "if i liked {t} what else would i enjoy",
    "anything in the spirit of {t}",
    "something along the lines of {t}",
    "we just finished {t}, find us another one",
    "show me films similar to {t}",
    "what's similar to {t}?",
    "i want another {t}",
    "give me something that feels the way {t} felt",
    "anything with the same vibe as {t}",
    "we really enjoyed {t} last night, got anything else",
    "{t} was amazing, more of that please",
    "what should i watch after {t}?",
    "recommendations based on {t}",
    "anything by the same director as {t}",
    "i'm in the mood for another {t}",
    "what do people who loved {t} watch?",
    "got anything in the same vein as {t}",
    "{t} but a bit shorter",
    "play something that'll scratch the same itch as {t}",
    "something with the same feel as {t} but newer",
    "i've seen {t} like five times, find me something similar",
    "anything that reminds me of {t}",
    "recommend a film for someone who loves {t}",
    "an older movie in the style of {t}",
];

/// A second set of frames around a reference title ({t}), written on
/// 2026-12-04 by another helper that never saw the reader (asked for 40, half
/// of them asking for no genre, at most 6 with "like", none repeating the
/// first set), after the LLM reader's genre margin was built and before it
/// was measured on them: the margin's held-out frames.
pub const REFERENCE_FRAMES_2: &[&str] = &[
    "we saw {t} on saturday, so what's next in line",
    "my wife can't stop talking about {t}, find her a follow-up",
    "put on something for people who adored {t}",
    "okay so {t} is my all time favorite, go",
    "queue up a few picks for fans of {t}",
    "grandma says {t} is the best thing she's ever seen, any follow-ups for her",
    "pick out tonight's movie, we're all fans of {t}",
    "is there anything out there that compares to {t}",
    "line up a worthy successor to {t}",
    "hey, {t} just ended, keep the evening going",
    "can you suggest a couple of titles that {t} fans rave about",
    "play me a movie in the same ballpark as {t}",
    "who else made stuff like {t}",
    "now that i've seen {t} i need a new favorite, help me out",
    "suggest a double feature partner for {t}",
    "roommate's pick was {t}, now it's my turn, surprise me with something close",
    "hey remote, pull up whatever pairs well with {t}",
    "bring up a list of movies fans of {t} also rated highly",
    "we're hosting a movie night and everyone voted for {t}, what else could work",
    "my brother swears by {t}, what would he pick for a second film",
    "{t} was great but i want something with more laughs",
    "find me a creepier version of {t}",
    "i want the cartoon equivalent of {t}",
    "the kids loved {t}, anything else that's safe for an eight year old",
    "something as tense as {t} but shorter",
    "show me a heist flick with the energy of {t}",
    "date night, something romantic in the vein of {t}",
    "{t} made me cry, give me another tearjerker",
    "got any documentaries about the stuff in {t}",
    "i'd like a western that feels like {t}",
    "a lighter, sillier take on {t} please",
    "what's a space adventure that's as good as {t}",
    "recommend a mystery with a twist as wild as {t}",
    "play something less violent than {t} for my parents",
    "my son just saw {t} at a sleepover and wants more like it",
    "need a feel-good pick, something with {t}'s warmth",
    "anything with scares on par with {t}",
    "a musical version of {t}, does that exist",
    "the teenager wants something as action packed as {t}",
    "an old black and white classic that inspired {t}",
];

/// The frames of [`REFERENCE_FRAMES_2`] that ask for no genre, as that helper labelled them.
pub const FRAMES_2_ASKING_NO_GENRE: &[&str] = &[
    "we saw {t} on saturday, so what's next in line",
    "my wife can't stop talking about {t}, find her a follow-up",
    "put on something for people who adored {t}",
    "okay so {t} is my all time favorite, go",
    "queue up a few picks for fans of {t}",
    "grandma says {t} is the best thing she's ever seen, any follow-ups for her",
    "pick out tonight's movie, we're all fans of {t}",
    "is there anything out there that compares to {t}",
    "line up a worthy successor to {t}",
    "hey, {t} just ended, keep the evening going",
    "can you suggest a couple of titles that {t} fans rave about",
    "play me a movie in the same ballpark as {t}",
    "who else made stuff like {t}",
    "now that i've seen {t} i need a new favorite, help me out",
    "suggest a double feature partner for {t}",
    "roommate's pick was {t}, now it's my turn, surprise me with something close",
    "hey remote, pull up whatever pairs well with {t}",
    "bring up a list of movies fans of {t} also rated highly",
    "we're hosting a movie night and everyone voted for {t}, what else could work",
    "my brother swears by {t}, what would he pick for a second film",
];

/// Requests in [`NO_TITLE_REQUESTS`] that ask for no genre (no genre name,
/// synonym or cue such as "scary", "love story", "for the kids", "a good
/// cry", "feel good", "light", "road trip", "friendship" or "happy endings"),
/// labelled by their words on 2026-12-04: development material for the LLM
/// genre margin of requests that name no film (a genre read there is wrong).
pub const NO_TITLE_ASKING_NO_GENRE: &[&str] = &[
    "something for a rainy sunday",
    "what's good tonight",
    "movies set in paris",
    "something to watch in this summer heat",
    "something short, under ninety minutes",
    "i'm bored, surprise me",
    "black and white classics",
    "something from the eighties",
    "what's new this week",
    "something in spanish with subtitles",
    "something to watch on a lazy saturday morning",
    "something set in new york in the fall",
];

/// Requests naming no film, each with the genres it asks for (none: empty),
/// written and labelled on 2026-12-04 by a helper that never saw the reader,
/// the code or any result (asked for 30 asking for genres and 30 asking for
/// none, in the catalogue's genre names), before the no-film genre margin
/// was measured on them: that margin's held-out requests.
pub const NO_TITLE_REQUESTS_2: &[(&str, &[&str])] = &[
    // Asking for one or more genres.
    ("put on a comedy", &["Comedy"]),
    ("something that will make the kids laugh", &["Children's", "Comedy"]),
    ("a movie with spaceships", &["Sci-Fi"]),
    ("cowboys, please. lots of cowboys", &["Western"]),
    ("it's friday night and i want a good scary movie", &["Horror"]),
    ("find me an old black and white detective film", &["Film-Noir", "Mystery"]),
    ("A romantic comedy for date night.", &["Romance", "Comedy"]),
    ("something animated from the nineties", &["Animation"]),
    ("a war movie for my dad, maybe world war two", &["War"]),
    ("show me a documentary about nature", &["Documentary"]),
    ("i want a musical, somthing with lots of singing and dancing", &["Musical"]),
    ("a thriller that keeps me on the edge of my seat", &["Thriller"]),
    ("a heist movie", &["Crime"]),
    ("something with dragons and wizards", &["Fantasy"]),
    ("action movie from the eigthies with lots of explosions", &["Action"]),
    ("I need a sad movie that'll make me cry", &["Drama"]),
    ("a treasure hunt adventure the kids would like", &["Adventure", "Children's"]),
    ("a whodunit please", &["Mystery"]),
    ("a cartoon for my four year old", &["Animation", "Children's"]),
    ("got any good gangster movies?", &["Crime"]),
    ("something with aliens invading earth", &["Sci-Fi"]),
    ("a love story for my parents' anniversary", &["Romance"]),
    ("zombies. lots of zombies.", &["Horror"]),
    ("is there a funny war movie", &["Comedy", "War"]),
    ("a serious courtroom drama, nothing light", &["Drama"]),
    ("an old western from the fifties for grandpa", &["Western"]),
    ("a spy thriller with car chases", &["Thriller", "Action"]),
    ("an animated musical we can all sing along to", &["Animation", "Musical"]),
    ("a documentary about the moon landing", &["Documentary"]),
    ("a creepy haunted house movie, nothing too gory", &["Horror"]),
    // Asking for no genre.
    ("something short, we have to leave at nine", &[]),
    ("what's everyone watching this week", &[]),
    ("just surprise me", &[]),
    ("What's the highest rated movie you've got?", &[]),
    ("a movie under ninety minutes please", &[]),
    ("something from the seventies", &[]),
    ("an old black and white one", &[]),
    ("whats popular right now", &[]),
    ("i've got about two hours before bed, what should i watch", &[]),
    ("we're snowed in, give us a really long one", &[]),
    ("something the critics loved", &[]),
    ("a movie from 1985, the year i was born", &[]),
    ("find me a hidden gem nobody's heard of", &[]),
    ("anything recent with good reviews", &[]),
    ("just play somethin good", &[]),
    ("my roommate and i can't decide, you pick", &[]),
    ("a movie that won a bunch of awards", &[]),
    ("something from the early two thousands", &[]),
    ("what's trending tonight?", &[]),
    ("a classic everyone should see at least once", &[]),
    ("what's new this month", &[]),
    ("something with subtitles, maybe a foreign film", &[]),
    ("give me a random movie, anything", &[]),
    ("the most watched movie this year", &[]),
    ("a movie i havent seen yet", &[]),
    ("something to put on while i fold laundry", &[]),
    ("we have guests coming at seven, find something about an hour and a half long", &[]),
    ("top rated movies from the sixties", &[]),
    ("a movie with a really high audience score", &[]),
    ("it's my day off, recommend me something", &[]),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_names_one_title_and_no_request_does() {
        assert_eq!((REFERENCE_FRAMES.len(), NO_TITLE_REQUESTS.len()), (40, 40));
        assert!(REFERENCE_FRAMES.iter().all(|f| f.matches("{t}").count() == 1));
        assert!(NO_TITLE_REQUESTS.iter().all(|r| !r.contains('{')));
        assert!(FRAMES_ASKING_NO_GENRE.iter().all(|f| REFERENCE_FRAMES.contains(f)));
        assert_eq!(REFERENCE_FRAMES_2.len(), 40);
        assert!(NO_TITLE_ASKING_NO_GENRE.iter().all(|r| NO_TITLE_REQUESTS.contains(r)));
        assert_eq!(NO_TITLE_REQUESTS_2.len(), 60);
        assert_eq!(NO_TITLE_REQUESTS_2.iter().filter(|r| r.1.is_empty()).count(), 30);
        assert!(NO_TITLE_REQUESTS_2.iter().all(|r| !NO_TITLE_REQUESTS.contains(&r.0)));
        assert!(REFERENCE_FRAMES_2.iter().all(|f| f.matches("{t}").count() == 1 && !REFERENCE_FRAMES.contains(f)));
        assert!(FRAMES_2_ASKING_NO_GENRE.iter().all(|f| REFERENCE_FRAMES_2.contains(f)));
    }
}
