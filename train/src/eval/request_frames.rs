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
        assert!(REFERENCE_FRAMES_2.iter().all(|f| f.matches("{t}").count() == 1 && !REFERENCE_FRAMES.contains(f)));
        assert!(FRAMES_2_ASKING_NO_GENRE.iter().all(|f| REFERENCE_FRAMES_2.contains(f)));
    }
}
